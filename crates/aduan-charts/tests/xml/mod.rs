//! Reads a chart back as a small element tree (quick-xml checks well-formedness: matching
//! end tags, unique attributes, known entities).

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One element: its name, attributes, own text (entities resolved) and children.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// This element and all below it, in document order.
    pub fn all(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.all());
        }
        out
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn element(start: &BytesStart<'_>) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        attrs.push((
            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
            value.into_owned(),
        ));
    }
    Ok(Element {
        name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
        attrs,
        ..Element::default()
    })
}

/// `svg` parsed: its one root element, or what is wrong with it.
pub fn parse(svg: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(svg);
    let mut open: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                if root.is_some() {
                    return Err("content after the root element".into());
                }
                let e = element(s)?;
                if matches!(event, Event::Start(_)) {
                    open.push(e);
                } else {
                    close(&mut open, &mut root, e);
                }
            }
            Event::End(_) => {
                let e = open.pop().ok_or("end tag without a start")?;
                close(&mut open, &mut root, e);
            }
            Event::Text(t) => {
                let t = t.xml10_content().map_err(|e| e.to_string())?;
                match open.last_mut() {
                    Some(e) => e.text.push_str(&t),
                    None if t.trim().is_empty() => {}
                    None => return Err("text outside the root element".into()),
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| e.to_string())?.into_owned();
                let c = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "apos" => "'",
                    "quot" => "\"",
                    other => return Err(format!("unknown entity {other}")),
                };
                open.last_mut().ok_or("entity outside the root")?.text += c;
            }
            Event::Eof => break,
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    if !open.is_empty() {
        return Err("unclosed elements".into());
    }
    root.ok_or_else(|| "no root element".into())
}

fn close(open: &mut [Element], root: &mut Option<Element>, e: Element) {
    match open.last_mut() {
        Some(parent) => parent.children.push(e),
        None => *root = Some(e),
    }
}
