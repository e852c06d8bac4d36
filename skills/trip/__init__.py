"""Business trips (出張): request, estimate under the 2025 travel-expense rules, conflicts, approval, itinerary,
reminders, report and the accounting export (`/genai trip`)."""
