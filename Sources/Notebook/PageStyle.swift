/// The one stylesheet of every page, inlined: system fonts only, a single readable column that fits
/// a phone, and a print style without navigation that keeps figures and short cells on one page.
enum PageStyle {
    static let css = """
    :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee7; --code-bg: #f6f8fb; --out-bg: #fffdf5; --accent: #2f5fb3; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; color: var(--ink); background: #fff; font: 17px/1.55 -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
    main { max-width: 52rem; margin: 0 auto; padding: 0.5rem 1rem 2rem; }
    nav.top { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; padding: 0.5rem 1rem; border-bottom: 1px solid var(--line); font-size: 0.9rem; background: #fafbfd; }
    a { color: var(--accent); }
    h1 { font-size: 1.8rem; line-height: 1.25; margin: 1rem 0 0.5rem; }
    h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; padding-top: 0.5rem; border-top: 1px solid var(--line); }
    h3 { font-size: 1.1rem; margin: 1.5rem 0 0.4rem; }
    p.run, p.note, footer { color: var(--muted); font-size: 0.85rem; }
    footer { max-width: 52rem; margin: 0 auto; padding: 1rem; border-top: 1px solid var(--line); }
    details.contents { margin: 0.5rem 0 1rem; font-size: 0.95rem; }
    details.contents summary { cursor: pointer; color: var(--muted); }
    .prose table { border-collapse: collapse; display: block; overflow-x: auto; }
    .prose th, .prose td { border: 1px solid var(--line); padding: 0.2rem 0.5rem; text-align: left; }
    code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.82rem; }
    .prose code { background: var(--code-bg); padding: 0.05rem 0.25rem; border-radius: 3px; }
    .prose pre { background: var(--code-bg); padding: 0.6rem 0.8rem; overflow-x: auto; border-radius: 4px; }
    .prose pre code { background: none; padding: 0; }
    .cell { margin: 0.8rem 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
    .cell .label { font-size: 0.75rem; color: var(--muted); padding: 0.2rem 0.7rem; border-bottom: 1px solid var(--line); }
    .cell pre { margin: 0; padding: 0.6rem 0.8rem; overflow-x: auto; line-height: 1.4; }
    .cell.code { background: var(--code-bg); }
    .cell.output { background: var(--out-bg); border-left: 4px solid #e0b94a; }
    .cell.output .label { background: #fbf3d9; }
    figure { margin: 0.6rem 0.8rem; break-inside: avoid; page-break-inside: avoid; }
    figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
    figcaption { font-size: 0.75rem; color: var(--muted); margin-top: 0.2rem; }
    p.files { margin: 0.4rem 0.8rem; font-size: 0.85rem; }
    .section-start { height: 0; }
    .comment { color: #6a737d; font-style: italic; }
    .string { color: #a3392b; }
    .number { color: #1c6e4a; }
    .keyword { color: #9b2393; font-weight: 600; }
    .type { color: #3a5b9b; }
    .attribute { color: #815f03; }
    .call { color: #326d74; }
    table.courses { border-collapse: collapse; width: 100%; }
    table.courses td, table.courses th { border-bottom: 1px solid var(--line); padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
    @media (max-width: 600px) { body { font-size: 16px; } main { padding: 0.3rem 0.6rem 1.5rem; } code, pre { font-size: 0.75rem; } }
    @media print {
      nav.top, details.contents, footer { display: none; }
      body { font-size: 11pt; }
      main { max-width: none; padding: 0; }
      a { color: inherit; text-decoration: none; }
      .cell pre, .prose pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
      .cell { break-inside: avoid-page; }
      figure, img, tr { break-inside: avoid; page-break-inside: avoid; }
      h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
    }
    """
}
