//! What a PDF can run, embed, collect or sign with someone's name, taken out before its copy is
//! written: JavaScript (the document's name tree, scripts, JavaScript actions), actions run on
//! opening or on events (`OpenAction`, `AA`), actions that launch programs, submit, import or
//! reset form data, or open other files and media; embedded files (the name tree, file
//! attachment and media annotations, the `EF` of file specifications, the collection view);
//! the interactive form with its typed values (`AcroForm` with XFA, fields' `V`, `DV`, `RV`,
//! and the widgets' appearances, which draw what was typed); signatures with their signers'
//! names and certificates (`/Type /Sig`, `Perms`, `DSS`); and annotations' authors, dates and
//! ids (`T`, `M`, `CreationDate`, `NM`). Links within the document and to web pages (`http`,
//! `https`, `mailto`), and the annotations' visible text, stay.
//!
//! An unsafe object is replaced by `null` wherever it is referenced from (a reference to a
//! missing object reads as null), so an indirect array of actions or annotations, a popup's
//! parent or the structure tree cannot keep it; names given by reference (`/S 20 0 R`) are
//! read as the names they point to.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeSet;

/// Actions that run code or reach outside the document.
const UNSAFE_ACTIONS: &[&[u8]] = &[
    b"JavaScript",
    b"Launch",
    b"SubmitForm",
    b"ImportData",
    b"ResetForm",
    b"GoToE",
    b"GoToR",
    b"Rendition",
    b"Sound",
    b"Movie",
    b"RichMediaExecute",
];
/// Annotations that carry a file or media.
const EMBEDDING: &[&[u8]] = &[
    b"FileAttachment",
    b"Sound",
    b"Movie",
    b"Screen",
    b"RichMedia",
    b"3D",
];
/// Every annotation subtype, to tell an annotation by its `Subtype`.
const ANNOTATIONS: &[&[u8]] = &[
    b"Text",
    b"Link",
    b"FreeText",
    b"Line",
    b"Square",
    b"Circle",
    b"Polygon",
    b"PolyLine",
    b"Highlight",
    b"Underline",
    b"Squiggly",
    b"StrikeOut",
    b"Stamp",
    b"Caret",
    b"Ink",
    b"Popup",
    b"FileAttachment",
    b"Sound",
    b"Movie",
    b"Widget",
    b"Screen",
    b"PrinterMark",
    b"TrapNet",
    b"Watermark",
    b"3D",
    b"Redact",
    b"RichMedia",
];
/// The catalogue's entries that run on opening or on document events, hold the form (and its
/// XFA), or show attached files.
const CATALOG_KEYS: &[&[u8]] = &[
    b"OpenAction",
    b"AA",
    b"AcroForm",
    b"NeedsRendering",
    b"Collection",
    b"Perms",
    b"DSS",
];
/// Dictionaries that sign: a signer's name, place, contact and certificate.
const SIGNATURES: &[&[u8]] = &[b"Sig", b"DocTimeStamp"];
/// The schemes a link may keep.
const SAFE_SCHEMES: &[&str] = &["http://", "https://", "mailto:"];
/// Keys whose value is a name that decides what a dictionary is.
const NAMING_KEYS: &[&[u8]] = &[b"S", b"Subtype", b"Type", b"FT"];
/// The name trees of scripts and embedded files.
const NAME_TREES: &[&[u8]] = &[b"JavaScript", b"EmbeddedFiles"];
/// In any dictionary: additional actions, a script, a file specification's embedded and related
/// files.
const ANY_KEYS: &[&[u8]] = &[b"AA", b"JS", b"EF", b"RF"];
/// An annotation's author, dates and id.
const ANNOTATION_KEYS: &[&[u8]] = &[b"T", b"M", b"CreationDate", b"NM"];
/// A form field's values, and a widget's appearance that draws them.
const FIELD_KEYS: &[&[u8]] = &[b"V", b"DV", b"RV", b"AP", b"AS"];

fn name<'a>(dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    dict.get(key).and_then(Object::as_name).ok()
}

fn is_in(value: Option<&[u8]>, list: &[&[u8]]) -> bool {
    value.is_some_and(|v| list.contains(&v))
}

/// Whether `dict` is an action that runs code or reaches outside the document (a link only to
/// the web or mail is not), an annotation that carries a file or media, or a signature.
fn is_unsafe_dict(dict: &Dictionary) -> bool {
    let action = name(dict, b"S");
    let link_elsewhere = action == Some(b"URI".as_slice())
        && !dict.get(b"URI").and_then(Object::as_str).is_ok_and(|uri| {
            let uri = String::from_utf8_lossy(uri).to_ascii_lowercase();
            SAFE_SCHEMES.iter().any(|s| uri.starts_with(s))
        });
    let thread_elsewhere = action == Some(b"Thread".as_slice()) && dict.has(b"F");
    is_in(action, UNSAFE_ACTIONS)
        || link_elsewhere
        || thread_elsewhere
        || is_in(name(dict, b"Subtype"), EMBEDDING)
        || is_in(name(dict, b"Type"), SIGNATURES)
}

/// The objects that are unsafe (see [`is_unsafe_dict`]), by id.
fn unsafe_objects(doc: &Document) -> BTreeSet<ObjectId> {
    doc.objects
        .iter()
        .filter(|(_, object)| match object {
            Object::Dictionary(d) => is_unsafe_dict(d),
            Object::Stream(s) => is_unsafe_dict(&s.dict),
            _ => false,
        })
        .map(|(id, _)| *id)
        .collect()
}

/// Whether `object` (a reference or an inline dictionary) is unsafe.
fn is_unsafe(object: &Object, ids: &BTreeSet<ObjectId>) -> bool {
    match object {
        Object::Reference(id) => ids.contains(id),
        Object::Dictionary(d) => is_unsafe_dict(d),
        _ => false,
    }
}

/// Names given by reference under [`NAMING_KEYS`] (`/S 20 0 R`, object 20 being `/Launch`)
/// replaced by the names themselves, so that nothing passes as another kind.
fn resolve_names(doc: &mut Document) {
    let names: std::collections::BTreeMap<ObjectId, Vec<u8>> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| o.as_name().ok().map(|n| (*id, n.to_vec())))
        .collect();
    if names.is_empty() {
        return;
    }
    fn walk(object: &mut Object, names: &std::collections::BTreeMap<ObjectId, Vec<u8>>) {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            Object::Array(items) => {
                items.iter_mut().for_each(|o| walk(o, names));
                return;
            }
            _ => return,
        };
        for key in NAMING_KEYS {
            if let Ok(Object::Reference(id)) = dict.get(key)
                && let Some(n) = names.get(id)
            {
                dict.set(*key, Object::Name(n.clone()));
            }
        }
        for (_, value) in dict.iter_mut() {
            walk(value, names);
        }
    }
    for object in doc.objects.values_mut() {
        walk(object, &names);
    }
}

/// Cleans `dict` and every dictionary within it.
fn clean(dict: &mut Dictionary, ids: &BTreeSet<ObjectId>) {
    for key in ANY_KEYS {
        dict.remove(key);
    }
    for key in [b"A".as_slice(), b"Next", b"OpenAction"] {
        match dict.get_mut(key) {
            Ok(Object::Array(actions)) => actions.retain(|a| !is_unsafe(a, ids)),
            Ok(action) if is_unsafe(action, ids) => {
                dict.remove(key);
            }
            _ => {}
        }
    }
    if let Ok(Object::Array(annots)) = dict.get_mut(b"Annots") {
        annots.retain(|a| !is_unsafe(a, ids));
    }
    let subtype = name(dict, b"Subtype");
    let annotation = is_in(subtype, ANNOTATIONS);
    let field = dict.has(b"FT") || subtype == Some(b"Widget".as_slice());
    if annotation {
        for key in ANNOTATION_KEYS {
            dict.remove(key);
        }
    }
    if field {
        for key in FIELD_KEYS {
            dict.remove(key);
        }
    }
    for (_, value) in dict.iter_mut() {
        clean_object(value, ids);
    }
}

fn clean_object(object: &mut Object, ids: &BTreeSet<ObjectId>) {
    match object {
        Object::Dictionary(d) => clean(d, ids),
        Object::Stream(s) => clean(&mut s.dict, ids),
        Object::Array(items) => {
            items.retain(|o| !matches!(o, Object::Dictionary(d) if is_unsafe_dict(d)));
            items.iter_mut().for_each(|o| clean_object(o, ids));
        }
        _ => {}
    }
}

/// Takes out of `doc` what runs, embeds, collects form data or names an annotation's author;
/// what no longer has a reference is dropped when the document is pruned.
pub(super) fn strip(doc: &mut Document) {
    resolve_names(doc);
    let ids = unsafe_objects(doc);
    for id in &ids {
        doc.objects.insert(*id, Object::Null);
    }
    for object in doc.objects.values_mut() {
        clean_object(object, &ids);
    }
    let names = match doc.catalog_mut() {
        Ok(catalog) => {
            for key in CATALOG_KEYS {
                catalog.remove(key);
            }
            match catalog.get_mut(b"Names") {
                Ok(Object::Dictionary(names)) => {
                    for key in NAME_TREES {
                        names.remove(key);
                    }
                    None
                }
                Ok(Object::Reference(id)) => Some(*id),
                _ => None,
            }
        }
        Err(_) => None,
    };
    if let Some(Ok(Object::Dictionary(names))) = names.map(|id| doc.get_object_mut(id)) {
        for key in NAME_TREES {
            names.remove(key);
        }
    }
}
