//! A small document tree that renders to Markdown and to HTML, so both
//! forms of the report say exactly the same.

use super::words::Words;

/// One block of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading: level (1-4), text, anchor id.
    Heading(u8, String, String),
    /// A paragraph.
    Para(String),
    /// A placeholder for text the city writes, shown as such.
    Placeholder(String),
    /// A note about the report itself (e.g. a machine-drafted translation).
    Note(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table: header and rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// An inline SVG chart or map with its caption (HTML only; Markdown shows the caption).
    Figure(String, String),
    /// A photo: data URL (if the image is available), title, caption line.
    Photo(Option<String>, String, String),
    /// The table of contents (filled in when rendering).
    Contents,
    /// Start of a page in print.
    PageBreak,
}

impl Block {
    /// Text escaped as the HTML report writes it.
    pub fn esc_text(text: &str) -> String {
        esc(text)
    }
}

fn contents(blocks: &[Block]) -> Vec<(u8, String, String)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(level, text, anchor) if (2..=3).contains(level) => {
                Some((*level, text.clone(), anchor.clone()))
            }
            _ => None,
        })
        .collect()
}

/// Escapes text for HTML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Renders the blocks as Markdown, with `w`'s word for a figure.
pub fn to_markdown(blocks: &[Block], w: &Words) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text, _) => {
                out.push_str(&format!("{} {text}\n\n", "#".repeat(usize::from(*level))))
            }
            Block::Para(text) => out.push_str(&format!("{text}\n\n")),
            Block::Placeholder(text) => out.push_str(&format!("> _{text}_\n\n")),
            Block::Note(text) => out.push_str(&format!("> **{text}**\n\n")),
            Block::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", item.replace('\n', " ")));
                }
                out.push('\n');
            }
            Block::Table(head, rows) => {
                let line = |cells: &[String]| {
                    format!(
                        "| {} |\n",
                        cells
                            .iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )
                };
                out.push_str(&line(head));
                out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for row in rows {
                    out.push_str(&line(row));
                }
                out.push('\n');
            }
            Block::Figure(_, caption) => out.push_str(&format!(
                "_{}_\n\n",
                w.f("figure.markdown", &[("caption", caption)])
            )),
            Block::Photo(_, title, caption) => {
                out.push_str(&format!("**{title}** — {caption}\n\n"))
            }
            Block::Contents => {
                for (level, text, anchor) in contents(blocks) {
                    let indent = if level == 3 { "  " } else { "" };
                    out.push_str(&format!("{indent}- [{text}](#{anchor})\n"));
                }
                out.push('\n');
            }
            Block::PageBreak => out.push_str("---\n\n"),
        }
    }
    out
}

/// Renders the blocks as the body of an HTML document.
pub fn to_html_body(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text, anchor) => out.push_str(&format!(
                "<h{level} id=\"{}\">{}</h{level}>\n",
                esc(anchor),
                esc(text)
            )),
            Block::Para(text) => out.push_str(&format!("<p>{}</p>\n", esc(text))),
            Block::Placeholder(text) => {
                out.push_str(&format!("<p class=\"placeholder\">{}</p>\n", esc(text)))
            }
            Block::Note(text) => out.push_str(&format!(
                "<p class=\"draft-note\" role=\"note\">{}</p>\n",
                esc(text)
            )),
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", esc(item)));
                }
                out.push_str("</ul>\n");
            }
            Block::Table(head, rows) => {
                out.push_str("<table>\n<thead><tr>");
                for h in head {
                    out.push_str(&format!("<th>{}</th>", esc(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        out.push_str(&format!("<td>{}</td>", esc(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Figure(svg, caption) => out.push_str(&format!(
                "<figure>{svg}<figcaption>{}</figcaption></figure>\n",
                esc(caption)
            )),
            Block::Photo(src, title, caption) => {
                out.push_str("<figure class=\"photo\">");
                if let Some(src) = src {
                    out.push_str(&format!(
                        "<img src=\"{}\" alt=\"{}\">",
                        esc(src),
                        esc(title)
                    ));
                }
                out.push_str(&format!(
                    "<figcaption><strong>{}</strong> — {}</figcaption></figure>\n",
                    esc(title),
                    esc(caption)
                ));
            }
            Block::Contents => {
                out.push_str("<nav class=\"contents\"><ul>\n");
                for (level, text, anchor) in contents(blocks) {
                    out.push_str(&format!(
                        "<li class=\"l{level}\"><a href=\"#{}\">{}</a></li>\n",
                        esc(&anchor),
                        esc(&text)
                    ));
                }
                out.push_str("</ul></nav>\n");
            }
            Block::PageBreak => out.push_str("<div class=\"page-break\"></div>\n"),
        }
    }
    out
}
