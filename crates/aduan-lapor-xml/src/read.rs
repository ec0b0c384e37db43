//! Reading a delivery: a streaming pass over the document's events with its own limits.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The largest document read, in bytes (a complaint's text fits many times over).
pub const MAX_DOCUMENT_BYTES: usize = 128 * 1024;
/// The deepest nesting read (the format needs three levels).
pub const MAX_DEPTH: usize = 8;
/// The longest field, in characters.
pub const MAX_FIELD_CHARS: usize = 20_000;

/// Why a document is refused; [`XmlError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// Over [`MAX_DOCUMENT_BYTES`].
    #[error("the document is larger than {MAX_DOCUMENT_BYTES} bytes")]
    TooLarge,
    /// A document type declaration (DTD): never read.
    #[error("a DOCTYPE is not accepted")]
    Doctype,
    /// An entity other than the five predefined ones.
    #[error(
        "the entity &{0}; is not accepted (only &lt; &gt; &amp; &apos; &quot; and character references)"
    )]
    Entity(String),
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("the document is nested deeper than {MAX_DEPTH} levels")]
    TooDeep,
    /// Not well-formed XML, or not UTF-8.
    #[error("the document is not well-formed XML: {0}")]
    Malformed(String),
    /// An element or attribute the format does not have.
    #[error("unexpected <{0}>")]
    Unexpected(String),
    /// A required element or attribute is missing or empty.
    #[error("{0} is required")]
    Missing(&'static str),
    /// A field longer than [`MAX_FIELD_CHARS`].
    #[error("{0} is longer than {MAX_FIELD_CHARS} characters")]
    FieldTooLong(String),
}

impl XmlError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            XmlError::TooLarge => "xml_too_large",
            XmlError::Doctype => "xml_doctype",
            XmlError::Entity(_) => "xml_entity",
            XmlError::TooDeep => "xml_too_deep",
            XmlError::Malformed(_) => "xml_malformed",
            XmlError::Unexpected(_) => "xml_unexpected",
            XmlError::Missing(_) => "xml_missing",
            XmlError::FieldTooLong(_) => "xml_field_too_long",
        }
    }
}

/// The reporter as the partner sent them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pelapor {
    /// `<email>`.
    pub email: String,
    /// `<telpon>`.
    pub telpon: String,
    /// `<namadepan>`.
    pub namadepan: String,
    /// `<namabelakang>`.
    pub namabelakang: String,
}

/// The report as the partner sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Laporan {
    /// `ref`: the partner's reference, its idempotency key.
    pub reference: String,
    /// `rahasia="1"`: confidential (kept out of public view).
    pub rahasia: bool,
    /// `anonim="1"`: anonymous (no agency sees who).
    pub anonim: bool,
    /// `<judul>`: title.
    pub judul: String,
    /// `<isi>`: the chronology.
    pub isi: String,
    /// `<kategori>`: a category id.
    pub kategori: String,
    /// `<lokasi>`: the place in words.
    pub lokasi: String,
    /// `<instansi>` (Aduan's addition): the agency asked for, by slug.
    pub instansi: String,
    /// `<wilayah>` (Aduan's addition): the Kemendagri region code.
    pub wilayah: String,
    /// `<jenis>` (Aduan's addition): pengaduan, aspirasi or permintaan_informasi.
    pub jenis: String,
}

/// A delivery, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaporDocument {
    /// `token`: the partner's key.
    pub token: String,
    /// `<pelapor>`.
    pub pelapor: Pelapor,
    /// `<laporan>`.
    pub laporan: Laporan,
}

fn malformed(e: impl std::fmt::Display) -> XmlError {
    XmlError::Malformed(e.to_string())
}

fn flag(v: &str) -> bool {
    matches!(v.trim(), "1" | "true" | "ya" | "yes")
}

/// The attributes of `start` as (name, value) pairs, with only the predefined entities.
fn attributes(start: &BytesStart<'_>) -> Result<Vec<(String, String)>, XmlError> {
    let mut out = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(malformed)?;
        let name = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value =
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| match e {
                    quick_xml::Error::Escape(
                        quick_xml::escape::EscapeError::UnrecognizedEntity(_, n),
                    ) => XmlError::Entity(n),
                    other => malformed(other),
                })?;
        out.push((name, value.into_owned()));
    }
    Ok(out)
}

/// Where text goes: the field of the element now open.
fn field<'d>(doc: &'d mut LaporDocument, path: &[String]) -> Option<&'d mut String> {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    let p = &mut doc.pelapor;
    let l = &mut doc.laporan;
    Some(match names.as_slice() {
        ["lapor", "pelapor", "email"] => &mut p.email,
        ["lapor", "pelapor", "telpon"] => &mut p.telpon,
        ["lapor", "pelapor", "namadepan"] => &mut p.namadepan,
        ["lapor", "pelapor", "namabelakang"] => &mut p.namabelakang,
        ["lapor", "laporan", "judul"] => &mut l.judul,
        ["lapor", "laporan", "isi"] => &mut l.isi,
        ["lapor", "laporan", "kategori"] => &mut l.kategori,
        ["lapor", "laporan", "lokasi"] => &mut l.lokasi,
        ["lapor", "laporan", "instansi"] => &mut l.instansi,
        ["lapor", "laporan", "wilayah"] => &mut l.wilayah,
        ["lapor", "laporan", "jenis"] => &mut l.jenis,
        _ => return None,
    })
}

fn known(path: &[String]) -> bool {
    matches!(
        path.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["lapor"] | ["lapor", "pelapor"] | ["lapor", "laporan"]
    ) || {
        let mut probe = LaporDocument::default();
        field(&mut probe, path).is_some()
    }
}

fn open(doc: &mut LaporDocument, path: &[String], start: &BytesStart<'_>) -> Result<(), XmlError> {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    for (name, value) in attributes(start)? {
        match (names.as_slice(), name.as_str()) {
            (["lapor"], "token") => doc.token = value,
            (["lapor", "laporan"], "ref") => doc.laporan.reference = value,
            (["lapor", "laporan"], "rahasia") => doc.laporan.rahasia = flag(&value),
            (["lapor", "laporan"], "anonim") => doc.laporan.anonim = flag(&value),
            (_, n) if n.starts_with("xmlns") => {}
            _ => return Err(XmlError::Unexpected(format!("{} {name}=", names.join(">")))),
        }
    }
    Ok(())
}

/// Characters read so far into each field, kept as it grows (recounting a field on each of
/// thousands of character references would cost quadratic time).
type Lengths = std::collections::HashMap<String, usize>;

fn push_text(
    doc: &mut LaporDocument,
    lengths: &mut Lengths,
    path: &[String],
    text: &str,
) -> Result<(), XmlError> {
    match field(doc, path) {
        Some(f) => {
            let name = path.join(">");
            let length = lengths.entry(name).or_default();
            *length += text.chars().count();
            if *length > MAX_FIELD_CHARS {
                return Err(XmlError::FieldTooLong(path.join(">")));
            }
            f.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(XmlError::Unexpected(format!("text in {}", path.join(">")))),
    }
}

/// Reads one delivery.
pub fn read(bytes: &[u8]) -> Result<LaporDocument, XmlError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(XmlError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(malformed)?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut doc = LaporDocument::default();
    let mut path: Vec<String> = Vec::new();
    let mut seen_root = false;
    let mut lengths = Lengths::new();
    loop {
        let event = reader.read_event().map_err(malformed)?;
        match event {
            Event::DocType(_) => return Err(XmlError::Doctype),
            Event::Start(ref s) | Event::Empty(ref s) => {
                let name = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
                if path.is_empty() && seen_root {
                    return Err(malformed("more than one root element"));
                }
                seen_root = true;
                path.push(name);
                if path.len() > MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                if !known(&path) {
                    return Err(XmlError::Unexpected(path.join(">")));
                }
                open(&mut doc, &path, s)?;
                if matches!(event, Event::Empty(_)) {
                    path.pop();
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) => {
                let t = t.xml10_content().map_err(malformed)?;
                push_text(&mut doc, &mut lengths, &path, &t)?;
            }
            Event::CData(c) => {
                let t = c.decode().map_err(malformed)?;
                push_text(&mut doc, &mut lengths, &path, &t)?;
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref().map_err(malformed)? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(malformed)?.into_owned();
                        match name.as_str() {
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "amp" => "&".into(),
                            "apos" => "'".into(),
                            "quot" => "\"".into(),
                            _ => return Err(XmlError::Entity(name)),
                        }
                    }
                };
                push_text(&mut doc, &mut lengths, &path, &ch)?;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !seen_root {
        return Err(malformed("no root element"));
    }
    if doc.token.trim().is_empty() {
        return Err(XmlError::Missing("lapor token="));
    }
    if doc.laporan.reference.trim().is_empty() {
        return Err(XmlError::Missing("laporan ref="));
    }
    if doc.laporan.isi.trim().is_empty() {
        return Err(XmlError::Missing("isi"));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<lapor token="apk_abc">
  <pelapor><email>siti@contoh.id</email><telpon>081234567890</telpon>
    <namadepan>Siti</namadepan><namabelakang>Rahmawati</namabelakang></pelapor>
  <laporan ref="JTM-9" rahasia="1" anonim="0">
    <judul>Jalan rusak</judul><isi>Lubang &amp; genangan &#x2014; sudah &lt;3&gt; bulan.</isi>
    <kategori>infrastruktur/jalan</kategori><lokasi>Jl. Ahmad Yani</lokasi>
  </laporan>
</lapor>"#;

    #[test]
    fn a_legacy_delivery_is_read_with_its_flags_and_predefined_entities() {
        let doc = read(GOOD.as_bytes()).unwrap();
        assert_eq!(doc.token, "apk_abc");
        assert_eq!(doc.pelapor.namadepan, "Siti");
        assert_eq!(doc.laporan.reference, "JTM-9");
        assert!(doc.laporan.rahasia && !doc.laporan.anonim);
        assert_eq!(
            doc.laporan.isi,
            "Lubang & genangan \u{2014} sudah <3> bulan."
        );
        assert_eq!(doc.laporan.kategori, "infrastruktur/jalan");
    }

    #[test]
    fn any_doctype_is_refused_so_no_entity_is_ever_expanded_or_fetched() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lapor token="k"><laporan ref="r"><isi>&lol2;</isi></laporan></lapor>"#;
        assert_eq!(read(laughs.as_bytes()), Err(XmlError::Doctype));
        let external = r#"<!DOCTYPE lapor [<!ENTITY xxe SYSTEM "http://169.254.169.254/">]>
<lapor token="k"><laporan ref="r"><isi>&xxe;</isi></laporan></lapor>"#;
        assert_eq!(read(external.as_bytes()), Err(XmlError::Doctype));
    }

    #[test]
    fn an_undeclared_entity_in_text_or_attribute_is_refused() {
        let text = r#"<lapor token="k"><laporan ref="r"><isi>&xxe;</isi></laporan></lapor>"#;
        assert_eq!(read(text.as_bytes()), Err(XmlError::Entity("xxe".into())));
        let attr = r#"<lapor token="&xxe;"><laporan ref="r"><isi>x</isi></laporan></lapor>"#;
        assert_eq!(read(attr.as_bytes()).unwrap_err().code(), "xml_entity");
    }

    #[test]
    fn size_depth_unknown_elements_and_missing_fields_are_refused_with_their_codes() {
        let long = format!(
            "<lapor token=\"k\"><laporan ref=\"r\"><isi>{}</isi></laporan></lapor>",
            "&lt;".repeat(MAX_FIELD_CHARS + 1)
        );
        assert_eq!(
            read(long.as_bytes()).unwrap_err().code(),
            "xml_field_too_long"
        );
        let big = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        assert_eq!(read(&big), Err(XmlError::TooLarge));
        let deep = format!("<lapor token=\"k\">{}", "<a>".repeat(20));
        assert_eq!(read(deep.as_bytes()).unwrap_err().code(), "xml_unexpected");
        let nested = "<lapor><lapor><lapor><lapor><lapor><lapor><lapor><lapor><lapor>";
        assert!(matches!(
            read(nested.as_bytes()),
            Err(XmlError::Unexpected(_) | XmlError::TooDeep)
        ));
        let odd = r#"<lapor token="k"><laporan ref="r"><isi>x</isi><script/></laporan></lapor>"#;
        assert_eq!(read(odd.as_bytes()).unwrap_err().code(), "xml_unexpected");
        let no_ref = r#"<lapor token="k"><laporan><isi>x</isi></laporan></lapor>"#;
        assert_eq!(
            read(no_ref.as_bytes()),
            Err(XmlError::Missing("laporan ref="))
        );
        let broken = r#"<lapor token="k"><laporan ref="r"><isi>x</judul></laporan></lapor>"#;
        assert_eq!(read(broken.as_bytes()).unwrap_err().code(), "xml_malformed");
        assert_eq!(read(b"\xff\xfe<").unwrap_err().code(), "xml_malformed");
    }
}
