//! How a worded message is laid out: as plain text, and as a self-contained HTML page (no
//! remote images, scripts or style sheets; every value escaped).

use aduan_i18n::Lang;

/// A piece of a message.
pub enum Block {
    /// A paragraph.
    Para(String),
    /// A secret to copy (an access code), set apart.
    Code(String),
    /// Preformatted text kept as it is (a reporter's own data as JSON).
    Pre(String),
    /// A link with its label.
    Link {
        /// What the link says.
        label: String,
        /// Where it goes.
        url: String,
    },
}

/// The plain-text part.
pub fn plain(blocks: &[Block], footer: &str) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Para(t) | Block::Code(t) | Block::Pre(t) => out.push_str(t),
            Block::Link { label, url } => {
                out.push_str(label);
                out.push_str(":\n");
                out.push_str(url);
            }
        }
        out.push_str("\n\n");
    }
    out.push_str("-- \n");
    out.push_str(footer);
    out.push('\n');
    out
}

/// `text` with HTML's special characters escaped, for element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The HTML part.
pub fn html(lang: Lang, subject: &str, blocks: &[Block], footer: &str) -> String {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Para(t) => body.push_str(&format!("<p>{}</p>\n", escape(t))),
            Block::Code(t) => body.push_str(&format!(
                "<p style=\"font-size:1.25em;font-weight:bold;letter-spacing:0.05em\">{}</p>\n",
                escape(t)
            )),
            Block::Pre(t) => body.push_str(&format!(
                "<pre style=\"white-space:pre-wrap;font-size:0.9em\">{}</pre>\n",
                escape(t)
            )),
            Block::Link { label, url } => body.push_str(&format!(
                "<p><a href=\"{}\" style=\"color:#0b5394\">{}</a></p>\n",
                escape(url),
                escape(label)
            )),
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;\
         font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff\">\n\
         <div style=\"max-width:600px;margin:0 auto\">\n{body}\
         <hr style=\"border:none;border-top:1px solid #cccccc\">\n\
         <p style=\"font-size:13px;color:#555555\">{footer}</p>\n</div>\n</body>\n</html>\n",
        code = lang.code(),
        title = escape(subject),
        footer = escape(footer),
    )
}
