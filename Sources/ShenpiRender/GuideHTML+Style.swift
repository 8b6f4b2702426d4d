extension GuideHTML {
    /// The page's embedded style sheet: no external files, so a page works
    /// offline; Chinese font stack; prints cleanly.
    static let style = """
        :root { --blue: #1d4f91; --blue-2: #2b6cb0; --line: #d4dbe6; --bg: #f3f5f8; --ink: #1f2933; --muted: #5f6b7a; --red: #b3261e; --green: #1e7b45; --amber: #a15c00; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.7 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
        a { color: var(--blue-2); text-decoration: none; }
        a:hover { text-decoration: underline; }
        code { font-family: "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: 0.88em; background: #eef2f7; border-radius: 3px; padding: 0 4px; }
        .banner { background: linear-gradient(180deg, #1d4f91, #173f75); color: #fff; border-bottom: 4px solid #c8a24a; }
        .banner-inner { max-width: 1080px; margin: 0 auto; padding: 14px 24px; display: flex; align-items: center; gap: 12px; }
        .emblem { width: 36px; height: 36px; border-radius: 50%; background: #c8a24a; color: #7a1f1f; font-weight: 700; display: inline-flex; align-items: center; justify-content: center; font-size: 18px; }
        .center { font-size: 20px; font-weight: 600; letter-spacing: 2px; }
        .sub { margin-left: auto; opacity: 0.85; letter-spacing: 4px; }
        .page { max-width: 1080px; margin: 0 auto; padding: 8px 24px 32px; }
        .crumbs { font-size: 13px; color: var(--muted); padding: 10px 0; }
        header.item { background: #fff; border: 1px solid var(--line); border-top: 3px solid var(--blue); padding: 18px 24px; }
        header.item h1 { margin: 0 0 8px; font-size: 26px; color: var(--blue); letter-spacing: 1px; }
        .tags { margin: 0; }
        .tag { display: inline-block; font-size: 13px; padding: 1px 10px; border-radius: 12px; margin-right: 4px; border: 1px solid var(--line); background: #f7f9fc; }
        .tag.dept { border-color: #b9cbe6; background: #eaf1fb; color: var(--blue); }
        .tag.kind { border-color: #e6cf9b; background: #fdf6e4; color: var(--amber); }
        .tag.limit { border-color: #bfe0cb; background: #ebf7ef; color: var(--green); }
        .toc { position: sticky; top: 0; z-index: 2; background: #fff; border: 1px solid var(--line); border-top: 0; padding: 6px 16px; display: flex; flex-wrap: wrap; gap: 2px 4px; }
        .toc a { padding: 3px 10px; border-radius: 3px; font-size: 14px; }
        .toc a:hover { background: #eaf1fb; text-decoration: none; }
        section { background: #fff; border: 1px solid var(--line); margin-top: 16px; padding: 4px 24px 18px; }
        section h2 { font-size: 18px; color: var(--blue); margin: 14px 0 12px; padding-left: 10px; border-left: 4px solid var(--blue); line-height: 1.3; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid var(--line); padding: 7px 10px; vertical-align: top; text-align: left; }
        table.summary th { width: 15%; background: #f2f6fb; color: #344257; font-weight: 600; white-space: nowrap; }
        table.summary td { width: 35%; }
        table.kv th { width: 18%; background: #f2f6fb; font-weight: 600; white-space: nowrap; }
        table.grid thead th { background: var(--blue); color: #fff; font-weight: 600; border-color: #2d5d9c; white-space: nowrap; }
        table.grid tbody tr:nth-child(even) { background: #f8fafd; }
        td.no, th.no { width: 3em; text-align: center; }
        td.nowrap { white-space: nowrap; }
        td.need-cell { min-width: 9.5em; }
        .scroll { overflow-x: auto; }
        table.catalog { table-layout: fixed; min-width: 720px; }
        table.catalog col.c-no { width: 4.5em; }
        table.catalog col.c-type { width: 10%; }
        table.catalog col.c-kind { width: 9%; }
        table.catalog col.c-limit { width: 14%; }
        table.catalog col.c-visits { width: 13%; }
        td.num { text-align: center; }
        td.name { font-weight: 600; }
        td.remarks { font-size: 13px; color: var(--muted); }
        .need { display: inline-block; font-size: 13px; padding: 0 8px; border-radius: 3px; white-space: nowrap; }
        .need.required { background: #fdecea; color: var(--red); }
        .need.deferrable { background: #fdf3e1; color: var(--amber); }
        .need.optional { background: #eef1f4; color: var(--muted); }
        .cond { font-size: 13px; color: #2c4f7c; margin-top: 4px; }
        .badge { font-size: 13px; padding: 0 8px; border-radius: 3px; white-space: nowrap; }
        .badge.promised { background: #eaf1fb; color: var(--blue); }
        .badge.immediate { background: #ebf7ef; color: var(--green); }
        ol.plain { margin: 0; padding-left: 1.6em; }
        ol.steps { list-style: none; margin: 0; padding: 0; position: relative; }
        ol.steps > li.step { position: relative; display: flex; gap: 14px; padding: 0 0 14px; }
        ol.steps > li.step::before { content: ""; position: absolute; left: 15px; top: 32px; bottom: 0; border-left: 2px solid #c9d6e8; }
        ol.steps > li.step:last-child::before { display: none; }
        li.step > .num { flex: none; min-width: 32px; height: 32px; padding: 0 6px; border-radius: 16px; background: var(--blue); color: #fff; font-weight: 600; display: flex; align-items: center; justify-content: center; font-size: 14px; }
        li.step.parallel > .num { background: #6b4fa0; }
        li.step.wait > .num { background: var(--amber); }
        li.step.route > .num { background: #4a6a8a; }
        li.step > .body { flex: 1; min-width: 0; padding-top: 4px; }
        .head strong { font-size: 16px; }
        .label { display: inline-block; font-size: 12px; padding: 0 8px; margin-left: 6px; border-radius: 10px; background: #efe9f8; color: #5a3f8c; font-weight: normal; vertical-align: 1px; }
        .label.optional { background: #fdf3e1; color: var(--amber); }
        .facts { color: var(--muted); font-size: 14px; display: flex; flex-wrap: wrap; gap: 2px 18px; }
        .facts .k { color: #8692a3; margin-right: 6px; }
        ul.notes, ul.arms { margin: 4px 0 0; padding-left: 1.3em; font-size: 14px; color: #3d4a5a; }
        .branches { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 12px; margin-top: 10px; }
        .branch { border: 1px solid #d8cdea; border-top: 3px solid #6b4fa0; background: #fbf9fe; padding: 8px 12px 0; }
        .branch-head { font-weight: 600; color: #4b2f80; margin-bottom: 8px; }
        .depts { display: block; font-weight: normal; font-size: 13px; color: var(--muted); }
        ol.steps.inner > li.step > .num { min-width: 28px; height: 28px; font-size: 12px; background: #7d8fa8; }
        ol.steps.inner > li.step::before { left: 13px; top: 28px; }
        .outcome { display: inline-block; font-size: 13px; padding: 1px 10px; border-radius: 12px; margin: 2px 4px 2px 0; border: 1px solid var(--line); }
        .outcome.granted, .node.end.granted { background: #ebf7ef; color: var(--green); border-color: #a9d8ba; }
        .outcome.refused, .node.end.refused { background: #fdecea; color: var(--red); border-color: #efb9b4; }
        .outcome.withdrawn, .outcome.other, .node.end.withdrawn, .node.end.other { background: #f1f3f5; color: var(--muted); border-color: #cfd5dc; }
        .diagram.svg { overflow-x: auto; text-align: center; }
        .diagram.svg svg { max-width: 100%; height: auto; }
        .diagram.svg svg text { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
        .chart { display: flex; flex-direction: column; align-items: center; padding: 8px 0; }
        .chart .node { border: 1.5px solid var(--blue-2); background: #f4f8fe; border-radius: 6px; padding: 6px 16px; text-align: center; min-width: 220px; max-width: 100%; }
        .chart .node .t { font-weight: 600; }
        .chart .node .s { font-size: 13px; color: var(--muted); }
        .chart .node .s.arm { color: #2c4f7c; }
        .chart .node.start { border-radius: 20px; background: var(--blue); color: #fff; border-color: var(--blue); min-width: 140px; }
        .chart .node.wait { border-style: dashed; border-color: var(--amber); background: #fffaf0; }
        .chart .node.route { border-color: #4a6a8a; background: #f3f6f9; border-radius: 18px; }
        .chart .node.call { border-style: double; border-width: 3px; }
        .chart .node.optional { border-style: dashed; background: #fff; }
        .chart .node.fork { border: 2px solid #6b4fa0; background: #fbf9fe; padding: 0; width: 100%; }
        .chart .fork-head { background: #efe9f8; color: #4b2f80; font-weight: 600; padding: 4px; }
        .chart .fork-foot { background: #efe9f8; color: #4b2f80; font-size: 13px; padding: 3px; }
        .chart .lanes { display: flex; gap: 10px; padding: 10px; align-items: stretch; }
        .chart .lane { flex: 1 1 0; min-width: 0; display: flex; flex-direction: column; align-items: center; border: 1px dashed #c8b9e2; border-radius: 4px; padding: 6px; background: #fff; }
        .chart .lane .node { min-width: 0; width: 100%; }
        .chart .lane-head { font-size: 13px; font-weight: 600; color: #4b2f80; }
        .chart .arrow { width: 2px; height: 22px; background: #7d8fa8; position: relative; margin-bottom: 6px; flex: none; }
        .chart .arrow::after { content: ""; position: absolute; left: -5px; bottom: -6px; border: 6px solid transparent; border-top-color: #7d8fa8; border-bottom: 0; }
        .chart .ends { display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; }
        .chart .node.end { min-width: 0; border-radius: 16px; font-size: 14px; border-width: 1.5px; }
        .note { color: var(--muted); font-size: 13px; }
        td.phone { font-size: 17px; font-weight: 600; color: var(--blue); letter-spacing: 1px; }
        .foot { max-width: 1080px; margin: 0 auto; padding: 8px 24px 32px; color: var(--muted); font-size: 13px; text-align: center; }
        @media (max-width: 720px) {
          .page { padding: 8px 10px 24px; }
          section { padding: 4px 12px 14px; }
          table.summary th, table.summary td { display: block; width: auto; }
          table.summary .empty { display: none; }
          .chart .lanes { flex-direction: column; }
          .sub { display: none; }
        }
        @media print {
          body { background: #fff; }
          .toc, .crumbs { display: none; }
          .banner { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); }
          section, header.item { border: 0; break-inside: avoid-page; }
          table.grid thead th { background: #eee; color: var(--ink); }
        }

        """
}
