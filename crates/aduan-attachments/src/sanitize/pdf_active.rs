//! What a PDF can run, embed, collect or sign with someone's name, taken out before its copy is
//! written: JavaScript (the document's name tree, scripts, JavaScript actions), actions run on
//! opening or on events (`OpenAction`, `AA`), actions that launch programs, submit, import or
//! reset form data, or open other files and media; embedded files (the name tree, file
//! attachment and media annotations, the `EF` of file specifications, the collection view);
//! the interactive form with its typed values (`AcroForm` with XFA, fields' `V`, `DV`, `RV`);
//! and annotations' authors, dates and ids (`T`, `M`, `CreationDate`, `NM`). Links within the
//! document and to web pages, and the annotations' visible text, stay.

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
];
/// The name trees of scripts and embedded files.
const NAME_TREES: &[&[u8]] = &[b"JavaScript", b"EmbeddedFiles"];
/// In any dictionary: additional actions, a script, a file specification's embedded and related
/// files.
const ANY_KEYS: &[&[u8]] = &[b"AA", b"JS", b"EF", b"RF"];
/// An annotation's author, dates and id.
const ANNOTATION_KEYS: &[&[u8]] = &[b"T", b"M", b"CreationDate", b"NM"];
/// A form field's values.
const FIELD_KEYS: &[&[u8]] = &[b"V", b"DV", b"RV"];

fn name<'a>(dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    dict.get(key).and_then(Object::as_name).ok()
}

fn is_in(value: Option<&[u8]>, list: &[&[u8]]) -> bool {
    value.is_some_and(|v| list.contains(&v))
}

/// The objects that are unsafe actions or embedding annotations, by id.
fn unsafe_objects(doc: &Document) -> BTreeSet<ObjectId> {
    doc.objects
        .iter()
        .filter(|(_, object)| {
            let dict = match object {
                Object::Dictionary(d) => d,
                Object::Stream(s) => &s.dict,
                _ => return false,
            };
            is_in(name(dict, b"S"), UNSAFE_ACTIONS) || is_in(name(dict, b"Subtype"), EMBEDDING)
        })
        .map(|(id, _)| *id)
        .collect()
}

/// Whether `object` (a reference or an inline dictionary) is an unsafe action or an embedding
/// annotation.
fn is_unsafe(object: &Object, ids: &BTreeSet<ObjectId>) -> bool {
    match object {
        Object::Reference(id) => ids.contains(id),
        Object::Dictionary(d) => {
            is_in(name(d, b"S"), UNSAFE_ACTIONS) || is_in(name(d, b"Subtype"), EMBEDDING)
        }
        _ => false,
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
        Object::Array(items) => items.iter_mut().for_each(|o| clean_object(o, ids)),
        _ => {}
    }
}

/// Takes out of `doc` what runs, embeds, collects form data or names an annotation's author;
/// what no longer has a reference is dropped when the document is pruned.
pub(super) fn strip(doc: &mut Document) {
    let ids = unsafe_objects(doc);
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
