//! The documented answers: `<lapor><status>ok</status><trackingid>…</trackingid>
//! <transaksiid>…</transaksiid><ref>…</ref><ulang>0</ulang></lapor>` for a report taken (or
//! a repeat of one, `ulang` 1), and `<lapor><status>error</status><kode>…</kode>
//! <pesan>…</pesan><transaksiid>…</transaksiid></lapor>` (with `<kolom nama="…">code</kolom>`
//! for each refused field) for a refusal.

use quick_xml::escape::escape;

fn element(out: &mut String, name: &str, text: &str) {
    out.push_str(&format!("<{name}>{}</{name}>", escape(text)));
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lapor>";

/// A report taken: its tracking id, this delivery's id, the partner's reference, and whether
/// it repeats an earlier delivery.
pub fn accepted(tracking_id: &str, transaksi: &str, reference: &str, replayed: bool) -> String {
    let mut out = String::from(HEAD);
    element(&mut out, "status", "ok");
    element(&mut out, "trackingid", tracking_id);
    element(&mut out, "transaksiid", transaksi);
    element(&mut out, "ref", reference);
    element(&mut out, "ulang", if replayed { "1" } else { "0" });
    out.push_str("</lapor>\n");
    out
}

/// A refusal: its stable code, a message, this delivery's id, and the refused fields.
pub fn refused(code: &str, message: &str, transaksi: &str, fields: &[(String, String)]) -> String {
    let mut out = String::from(HEAD);
    element(&mut out, "status", "error");
    element(&mut out, "kode", code);
    element(&mut out, "pesan", message);
    element(&mut out, "transaksiid", transaksi);
    for (name, why) in fields {
        out.push_str(&format!(
            "<kolom nama=\"{}\">{}</kolom>",
            escape(name.as_str()),
            escape(why.as_str())
        ));
    }
    out.push_str("</lapor>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_escape_what_they_quote() {
        let ok = accepted("7K3QM9XD2T", "t1", "A<&>B", false);
        assert!(ok.contains("<trackingid>7K3QM9XD2T</trackingid>"));
        assert!(ok.contains("<ref>A&lt;&amp;&gt;B</ref>"));
        let err = refused(
            "validation_failed",
            "x",
            "t2",
            &[("isi".into(), "required".into())],
        );
        assert!(err.contains("<kode>validation_failed</kode>"));
        assert!(err.contains("<kolom nama=\"isi\">required</kolom>"));
    }
}
