/// The reports' look: readable prose width, quiet code, clear statuses.
enum Stylesheet {
  static let css = """
    body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;max-width:62rem;margin:0 auto;padding:1.5rem 1.25rem 4rem;background:#fcfcfd}
    h1{font-size:1.9rem;margin:.2rem 0 1rem}h2{margin-top:2.2rem;border-bottom:1px solid #e3e6ec;padding-bottom:.2rem}
    a{color:#2557b7}code{font:.88em/1.45 ui-monospace,"DejaVu Sans Mono",monospace}
    p code,li code,td code{background:#eef1f6;padding:.05em .3em;border-radius:4px}
    pre{background:#f4f6fa;border:1px solid #e3e6ec;border-radius:6px;padding:.7rem .9rem;overflow:auto;font:.85rem/1.45 ui-monospace,"DejaVu Sans Mono",monospace}
    pre.output{background:#fff;border-left:3px solid #9aa5b8;white-space:pre-wrap}
    .crumb{margin:0;font-size:.9rem}
    .record table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}.record th{text-align:left;padding:.15rem 1rem .15rem 0;color:#555;font-weight:600;vertical-align:top}
    .record td{padding:.15rem 0}summary{cursor:pointer;color:#4a5568;font-size:.9rem}
    table.data{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}table.data th,table.data td{border:1px solid #dfe3ea;padding:.3rem .6rem}
    table.data th{background:#f0f3f8;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
    main table{border-collapse:collapse}main table th,main table td{border:1px solid #dfe3ea;padding:.25rem .6rem}
    .badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.82rem;font-weight:600}
    p.warning{background:#fff4d6;border-left:4px solid #d69e2e;padding:.5rem .8rem;margin:.6rem 0}
    p.claim{margin:.4rem 0;padding:.3rem .6rem;border-radius:4px}p.claim.ok{background:#eef9f0}p.claim.failed{background:#fde2e1}
    p.claim .mark{font-weight:700}p.claim.ok .mark{color:#17642a}p.claim.failed .mark{color:#9b1c1c}
    .badge.ok{background:#dff5e3;color:#17642a}.badge.failed{background:#fde2e1;color:#9b1c1c}.badge.none{background:#eceff4;color:#4a5568}
    .toc{background:#f4f6fa;border-radius:6px;padding:.4rem 1rem;margin:1rem 0}.toc h2{font-size:1rem;border:0;margin:.4rem 0}
    .toc ul{margin:.2rem 0;padding-left:1.2rem}.toc li.level3{margin-left:1rem;font-size:.92rem}
    section.cell{margin:1rem 0;padding-left:.7rem;border-left:3px solid #c9d3e3}section.cell.failed{border-left-color:#d64545}
    section.cell.not-run{border-left-color:#d0d0d0;opacity:.75}section.cell.expected{border-left-color:#d69e2e}
    .error{background:#fde2e1;border:1px solid #f5b5b3;border-radius:6px;padding:.6rem .8rem;margin:.5rem 0;white-space:pre-wrap}
    .expected{background:#fdf3dc;border:1px solid #f1d49b;border-radius:6px;padding:.6rem .8rem;margin:.5rem 0;white-space:pre-wrap}
    div.not-run{color:#666;font-style:italic;font-size:.9rem}.hidden-code{color:#666;font-size:.85rem}
    figure{margin:.8rem 0}figure img{max-width:100%;height:auto;border:1px solid #e3e6ec;background:#fff}
    figcaption{font-size:.88rem;color:#4a5568;margin-top:.3rem}
    .keyword{color:#9b2393;font-weight:600}.string{color:#c41a16}.number{color:#1c00cf}.comment{color:#5d6c79;font-style:italic}.type{color:#0b4f79}
    .failure{background:#fff5f5;border:1px solid #f5b5b3;border-radius:6px;padding:.2rem 1rem 1rem}
    math{font-size:1.15em;font-family:"Latin Modern Math","STIX Two Math",math}math[display=block]{margin:.8rem 0;overflow-x:auto}code.math-error{color:#9b1c1c;background:#fde2e1}
    footer{margin-top:3rem;color:#777;font-size:.85rem}
    """
}
