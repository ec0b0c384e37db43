//! Reads an askama template as markup and finds the words it writes itself: text between tags,
//! and the attributes a person reads or hears (placeholder, aria-label, alt, title, label,
//! a button's value, a page description) when they are not template expressions.

/// Attributes whose value a person reads or hears.
const SPOKEN: &[&str] = &["placeholder", "aria-label", "alt", "title", "label"];

/// Stands for a template expression or tag once masked.
const EXPR: char = '\u{1}';

/// The template with comments removed and every `{{ … }}` and `{% … %}` replaced by [`EXPR`]
/// (line breaks inside kept, so that line numbers stay right).
fn mask(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let close = match after.get(1..2) {
            Some("{") => "}}",
            Some("%") => "%}",
            Some("#") => "#}",
            _ => {
                out.push('{');
                rest = &after[1..];
                continue;
            }
        };
        let end = after.find(close).map_or(after.len(), |n| n + close.len());
        if close != "#}" {
            out.push(EXPR);
        }
        out.extend(after[..end].chars().filter(|c| *c == '\n'));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Text that is markup, not words: entities (`&middot;`) and masked expressions.
fn has_words(text: &str) -> bool {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        plain.push_str(&rest[..amp]);
        let entity = rest[amp..].find(';').filter(|n| *n < 12);
        rest = &rest[amp + entity.map_or(1, |n| n + 1)..];
    }
    plain.push_str(rest);
    plain.chars().any(char::is_alphabetic)
}

/// A tag's name and its attributes (name, value) as written.
fn parse_tag(tag: &str) -> (String, Vec<(String, String)>) {
    let body = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = body[name_end..].trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |n| n + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_owned();
            rest = tail.trim_start();
        }
        if !key.is_empty() {
            attrs.push((key, value));
        }
    }
    (name, attrs)
}

/// Whether a tag's attribute is one a person reads or hears.
fn is_spoken(tag: &str, attrs: &[(String, String)], attr: &str) -> bool {
    let has = |k: &str, v: &str| {
        attrs
            .iter()
            .any(|(a, b)| a == k && b.eq_ignore_ascii_case(v))
    };
    SPOKEN.contains(&attr)
        || (attr == "value"
            && tag == "input"
            && (has("type", "submit") || has("type", "button") || has("type", "reset")))
        || (attr == "content" && tag == "meta" && has("name", "description"))
}

/// The words `template` writes itself, as (line, what) pairs.
pub fn literal_text(template: &str) -> Vec<(usize, String)> {
    let masked = mask(template);
    let mut found = Vec::new();
    let mut line = 1;
    let mut rest = masked.as_str();
    // A key on the keyboard (`<kbd>j</kbd>`) is the same in every language.
    let mut in_kbd = false;
    while !rest.is_empty() {
        let next_tag = rest
            .char_indices()
            .find(|(i, c)| {
                *c == '<'
                    && rest[i + 1..]
                        .starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!')
            })
            .map(|(i, _)| i);
        let text_end = next_tag.unwrap_or(rest.len());
        let text = &rest[..text_end];
        if has_words(text) && !in_kbd {
            let shown = text.trim().replace(EXPR, "{{…}}");
            let lead = &text[..text.len() - text.trim_start().len()];
            found.push((line + lead.matches('\n').count(), shown));
        }
        line += text.matches('\n').count();
        rest = &rest[text_end..];
        if rest.is_empty() {
            break;
        }
        let tag_end = if rest.starts_with("<!--") {
            rest.find("-->").map_or(rest.len(), |n| n + 3)
        } else {
            tag_end(rest)
        };
        let tag = &rest[..tag_end];
        if tag.starts_with("</kbd") {
            in_kbd = false;
        }
        if !tag.starts_with("<!") && !tag.starts_with("</") {
            let (name, attrs) = parse_tag(tag);
            in_kbd = name.eq_ignore_ascii_case("kbd");
            for (attr, value) in &attrs {
                if is_spoken(&name, &attrs, attr) && has_words(value) {
                    found.push((
                        line,
                        format!("<{name} {attr}=\"{value}\"> is not from the catalogue"),
                    ));
                }
            }
        }
        line += tag.matches('\n').count();
        rest = &rest[tag_end..];
    }
    found
}

/// Where the tag at the start of `markup` ends (after its `>`, quotes respected).
fn tag_end(markup: &str) -> usize {
    let mut quote = None;
    for (i, c) in markup.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    markup.len()
}
