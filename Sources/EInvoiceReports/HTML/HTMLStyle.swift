/// The report's style sheet, inlined into every page: system fonts only, no `url()`, no `@import`. Colours meet
/// WCAG AA contrast; level and verdict are also written out and marked by symbols, never by colour alone.
enum HTMLStyle {
    static let css: StaticString = """
        :root {
          color-scheme: light;
          --ink: #1b1f24; --muted: #4a5360; --rule: #d0d7de; --soft: #eef1f4; --page: #f4f5f7; --card: #ffffff;
          --error: #a4161a; --error-bg: #fdecec; --warning: #7a4700; --warning-bg: #fff3d6;
          --information: #0b4f9c; --information-bg: #e7f0fb; --accept: #0f6b2f; --accept-bg: #e5f4ea;
          --hit: #fff4c7; --mark: #ffd43b; --focus: #0b4f9c;
          --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif;
          --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
        }
        * { box-sizing: border-box; }
        html { font-family: var(--sans); font-size: 16px; line-height: 1.5; color: var(--ink); background: var(--page); }
        body { margin: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
        h1, h2, h3 { line-height: 1.2; }
        a { color: var(--information); }
        a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
        .skip { position: absolute; left: -100rem; top: 0; padding: .5rem 1rem; background: var(--card); }
        .skip:focus { left: 1rem; top: 1rem; z-index: 1; }
        .vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
          clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
        code { font-family: var(--mono); }
        .verdict { margin: 0 0 1.5rem; padding: 1.25rem 1.75rem 1.5rem; border: 2px solid; border-left-width: 14px;
          border-radius: 12px; }
        .verdict-reject { background: var(--error-bg); border-color: var(--error); }
        .verdict-accept { background: var(--accept-bg); border-color: var(--accept); }
        .verdict .kind { margin: 0; font-size: .8rem; font-weight: 700; letter-spacing: .08em; text-transform: uppercase;
          color: var(--muted); }
        .verdict h1 { margin: .3rem 0 .6rem; font-size: 2.9rem; }
        .verdict-reject h1 { color: var(--error); }
        .verdict-accept h1 { color: var(--accept); }
        .verdict h1 .symbol { display: inline-block; width: 1.25em; height: 1.25em; margin-right: .15em;
          border-radius: 50%; font-size: .75em; line-height: 1.25em; text-align: center; vertical-align: .12em;
          color: #ffffff; }
        .verdict-reject h1 .symbol { background: var(--error); }
        .verdict-accept h1 .symbol { background: var(--accept); }
        .reason { margin: 0 0 .35rem; font-size: 1.4rem; font-weight: 700; }
        .reason-label { font-weight: 400; color: var(--muted); }
        .explain { max-width: 60rem; margin: 0; }
        .counts { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0 0; padding: 0; list-style: none; }
        .count { padding: .2rem .8rem; border: 1px solid var(--rule); border-radius: 999px; background: var(--card); }
        .count .symbol, .level .symbol { display: inline-block; width: 1.3em; height: 1.3em; border-radius: 50%;
          font-size: .8em; font-weight: 700; line-height: 1.3em; text-align: center; color: #ffffff; }
        .count-error .symbol, .level-error .symbol { background: var(--error); }
        .count-warning .symbol, .level-warning .symbol { background: var(--warning); border-radius: 3px; }
        .count-information .symbol, .level-information .symbol { background: var(--information); font-style: italic;
          font-family: Georgia, "DejaVu Serif", serif; }
        .facts-grid { display: grid; grid-template-columns: 1fr; align-items: start; gap: 1.5rem; margin: 0 0 1.5rem; }
        @media (min-width: 56rem) { .facts-grid { grid-template-columns: 1fr 1fr; } }
        .facts { padding: 1rem 1.25rem; border: 1px solid var(--rule); border-radius: 10px; background: var(--card); }
        .facts h2 { margin: 0 0 .5rem; font-size: 1.3rem; }
        .facts table { width: 100%; border-collapse: collapse; }
        .facts th { width: 48%; padding: .45rem .75rem .45rem 0; font-weight: 400; text-align: left;
          vertical-align: top; color: var(--muted); }
        .facts td { padding: .45rem 0; vertical-align: top; overflow-wrap: anywhere; }
        .facts tr + tr > * { border-top: 1px solid var(--soft); }
        .facts td.key { font-size: 1.1rem; font-weight: 700; }
        .unreadable { margin: 0; font-style: italic; }
        .bt { padding: 0 .3rem; border-radius: 4px; background: var(--soft); font-family: var(--mono); font-size: .75rem;
          font-style: normal; font-weight: 400; white-space: nowrap; color: var(--muted); }
        .hash { font-size: .8rem; word-break: break-all; }
        .findings > h2 { margin: 2rem 0 1rem; font-size: 1.6rem; }
        .findings .total { font-weight: 400; color: var(--muted); }
        .scroll { overflow-x: auto; }
        .overview { width: 100%; margin: 0 0 1.5rem; border: 1px solid var(--rule); border-collapse: collapse;
          background: var(--card); }
        .overview caption { padding: 0 0 .4rem; font-weight: 700; text-align: left; }
        .overview th, .overview td { padding: .4rem .65rem; border-bottom: 1px solid var(--rule); text-align: left;
          vertical-align: top; }
        .overview thead th { background: var(--soft); }
        .overview td:nth-child(3) { white-space: nowrap; }
        .overview td:nth-child(4) { text-align: right; }
        .level { display: inline-block; padding: .05rem .55rem .05rem .3rem; border: 1px solid; border-radius: 999px;
          font-size: .85rem; font-weight: 700; white-space: nowrap; }
        .level-error { border-color: var(--error); background: var(--error-bg); color: var(--error); }
        .level-warning { border-color: var(--warning); background: var(--warning-bg); color: var(--warning); }
        .level-information { border-color: var(--information); background: var(--information-bg);
          color: var(--information); }
        .finding { margin: 0 0 1.25rem; padding: 1rem 1.25rem 1.25rem; border: 1px solid var(--rule);
          border-left: 8px solid; border-radius: 10px; background: var(--card); }
        .finding-error { border-left-color: var(--error); }
        .finding-warning { border-left-color: var(--warning); }
        .finding-information { border-left-color: var(--information); }
        .finding h3 { display: flex; flex-wrap: wrap; align-items: center; gap: .6rem; margin: 0 0 .6rem;
          font-size: 1.15rem; }
        .finding .num { color: var(--muted); font-weight: 400; }
        .finding .rule { font-size: 1.1rem; }
        .finding .text { max-width: 62rem; margin: 0 0 .75rem; font-size: 1.08rem; }
        .meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 .9rem;
          font-size: .95rem; }
        .meta div { display: contents; }
        .meta dt { color: var(--muted); }
        .meta dd { margin: 0; }
        .terms { display: flex; flex-wrap: wrap; gap: .1rem 1.25rem; margin: 0; padding: 0; list-style: none; }
        .path { font-size: .85rem; overflow-wrap: anywhere; }
        .excerpt { width: 100%; border: 1px solid var(--rule); border-collapse: collapse; background: #f8f9fb;
          font-family: var(--mono); font-size: .85rem; line-height: 1.45; }
        .excerpt caption { padding: 0 0 .3rem; font-family: var(--sans); font-size: .85rem; text-align: left;
          color: var(--muted); }
        .excerpt th { width: 4.5rem; padding: .1rem .6rem; border-right: 1px solid var(--rule); background: var(--soft);
          font-weight: 400; text-align: right; vertical-align: top; white-space: nowrap; color: var(--muted); }
        .excerpt td { padding: .1rem .75rem; }
        .excerpt code { white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; }
        .excerpt tr.hit > * { background: var(--hit); }
        .excerpt tr.hit th { font-weight: 700; color: var(--ink); }
        .excerpt tr.hit td { box-shadow: inset 3px 0 0 var(--warning); }
        .pointer { margin-right: .4rem; font-size: .7rem; }
        mark { padding: 0 .1rem; border-radius: 2px; background: var(--mark); color: var(--ink); font-weight: 600;
          text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; }
        .cut { padding: 0 .25rem; color: var(--muted); }
        .note { color: var(--muted); font-style: italic; }
        .ungated .finding { opacity: .92; }
        footer { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem 2rem; font-size: .85rem; color: var(--muted); }
        @media (max-width: 40rem) {
          main { padding: 1rem; }
          .verdict { padding: 1rem 1.25rem 1.25rem; border-left-width: 10px; }
          .verdict h1 { font-size: 2.2rem; }
          .facts, .finding { padding: .85rem 1rem; }
        }
        @media print {
          html { background: #ffffff; font-size: 11pt; }
          main { max-width: none; padding: 0; }
          .skip { display: none; }
          .verdict, .facts, .finding, .overview tr { break-inside: avoid; }
          .scroll { overflow: visible; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
