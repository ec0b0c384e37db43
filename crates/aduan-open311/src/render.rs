//! One answer, two formats: a small ordered tree ([`Node`]) written as JSON or as the XML
//! GeoReport v2 shows (`<services><service>…`), chosen by the path's extension.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The format a path's extension asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`
    Json,
    /// `.xml`
    Xml,
}

impl Format {
    /// Splits `file` (`services.json`, `infrastruktur.jalan.xml`) into its stem and format;
    /// `None` for any other extension.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        let (stem, ext) = file.rsplit_once('.')?;
        let format = match ext {
            "json" => Format::Json,
            "xml" => Format::Xml,
            _ => return None,
        };
        (!stem.is_empty()).then_some((stem, format))
    }
}

/// A value of an answer, with its fields in the spec's order.
#[derive(Debug, Clone)]
pub enum Node {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// An integer.
    Int(i64),
    /// True or false.
    Bool(bool),
    /// Nothing (`null`; an empty element in XML).
    Null,
    /// Fields in order.
    Record(Vec<(&'static str, Node)>),
    /// Items, each an element of this name in XML.
    List(&'static str, Vec<Node>),
}

impl Node {
    /// Text, or nothing.
    pub fn opt(v: Option<impl Into<String>>) -> Node {
        v.map_or(Node::Null, |s| Node::Text(s.into()))
    }

    /// A number, or nothing.
    pub fn num(v: Option<f64>) -> Node {
        v.map_or(Node::Null, Node::Number)
    }

    /// As JSON.
    pub fn json(&self) -> Value {
        match self {
            Node::Text(s) => Value::String(s.clone()),
            Node::Number(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            Node::Int(n) => Value::from(*n),
            Node::Bool(b) => Value::Bool(*b),
            Node::Null => Value::Null,
            Node::Record(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.json()))
                    .collect(),
            ),
            Node::List(_, items) => Value::Array(items.iter().map(Node::json).collect()),
        }
    }

    /// As the XML element `name`.
    pub fn xml(&self, name: &str, out: &mut String) {
        let inner = match self {
            Node::Null => {
                out.push_str(&format!("<{name}/>"));
                return;
            }
            Node::Text(s) => escape(s),
            Node::Number(n) => n.to_string(),
            Node::Int(n) => n.to_string(),
            Node::Bool(b) => b.to_string(),
            Node::Record(fields) => {
                let mut inner = String::new();
                for (k, v) in fields {
                    v.xml(k, &mut inner);
                }
                inner
            }
            Node::List(item, items) => {
                let mut inner = String::new();
                for v in items {
                    v.xml(item, &mut inner);
                }
                inner
            }
        };
        out.push_str(&format!("<{name}>{inner}</{name}>"));
    }
}

/// Text as XML character data: markup escaped, characters XML 1.0 cannot hold left out.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// The answer `node` in `format` with `status`; in XML the root element is `root`.
pub fn answer(status: StatusCode, format: Format, root: &str, node: &Node) -> Response {
    match format {
        Format::Json => {
            let body = node.json().to_string();
            (
                status,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                body,
            )
                .into_response()
        }
        Format::Xml => {
            let mut body = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
            node.xml(root, &mut body);
            (
                status,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                body,
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_chooses_the_format_and_the_stem_keeps_its_dots() {
        assert_eq!(
            Format::split("infrastruktur.jalan.xml"),
            Some(("infrastruktur.jalan", Format::Xml))
        );
        assert_eq!(
            Format::split("services.json"),
            Some(("services", Format::Json))
        );
        assert_eq!(Format::split("services.html"), None);
        assert_eq!(Format::split("services"), None);
        assert_eq!(Format::split(".json"), None);
    }

    #[test]
    fn xml_text_is_escaped_and_nothing_is_an_empty_element() {
        let node = Node::List(
            "request",
            vec![Node::Record(vec![
                ("description", Node::Text("a < b & \"c\"\u{1}".into())),
                ("media_url", Node::Null),
            ])],
        );
        let mut out = String::new();
        node.xml("service_requests", &mut out);
        assert_eq!(
            out,
            "<service_requests><request><description>a &lt; b &amp; &quot;c&quot;\
             </description><media_url/></request></service_requests>"
        );
    }
}
