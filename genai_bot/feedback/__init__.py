"""👍/👎 feedback on AI answers: buttons offered under every answer (`offer`), the `feedback` command that records a
click (`command`), storage (`store`) and the dashboard's aggregation (`report`)."""
