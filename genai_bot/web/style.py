"""The dashboard's stylesheet, inlined into each page (no external request)."""

__all__ = ["CSS"]

CSS = """
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--accent:#2f6fb3;--bad:#c0392b}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 system-ui,"Hiragino Sans","Noto Sans JP","Yu Gothic",sans-serif;color:var(--ink);
background:var(--bg)}
header{background:#17324d;color:#fff;padding:16px 28px;display:flex;justify-content:space-between;
align-items:baseline;flex-wrap:wrap;gap:8px}
header h1{margin:0;font-size:22px}header .who,header a{color:#cfe0f1;font-size:13px}
main{max-width:1120px;margin:0 auto;padding:20px 28px 48px}
.sub{color:var(--muted);margin:0 0 12px}
form.filters{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-end;background:var(--card);padding:12px 16px;
border:1px solid var(--line);border-radius:8px}
form.filters label{display:flex;flex-direction:column;font-size:13px;color:var(--muted)}
form.filters input,form.filters select{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:4px}
form.filters button{font:inherit;padding:5px 16px;border:0;border-radius:4px;background:var(--accent);color:#fff}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:12px;margin:18px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .k{font-size:12px;color:var(--muted)}.card .v{font-size:22px;font-weight:600}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:16px 0}
section h2{font-size:17px;margin:0 0 8px}
.note{font-size:12px;color:var(--muted)}
.chart{width:100%;height:auto}
.chart .grid{stroke:var(--line)}.chart .axis,.chart .value{font-size:11px;fill:var(--muted)}
.chart .label{font-size:12px;fill:var(--ink)}.chart .bar{fill:var(--accent)}.chart .bar-error{fill:var(--bad)}
.chart .line{fill:none;stroke:#e08e0b;stroke-width:2}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:right}
th:first-child,td:first-child{text-align:left}th{color:var(--muted);font-weight:500}
.empty{padding:18px;color:var(--muted);text-align:center}
.csv{font-size:13px}
"""
