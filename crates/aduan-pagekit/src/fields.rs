//! A report form's field errors: the JSON API names a field and a code
//! (`reporter.email`/`invalid_email`); a page shows the message of that code next to its own
//! form field. The citizens' submit form and the back office's intake form share the mapping.

use crate::ctx::Ctx;
use std::collections::BTreeMap;

/// The form field an API field error belongs to, and the message key of its code. An error of
/// a field no form shows goes with the files.
pub fn field_error(field: &str, code: &str) -> (&'static str, &'static str) {
    let name = match field {
        "channel" => "channel",
        "kind" => "kind",
        "title" => "title",
        "body" => "body",
        "incident_date" => "incident_date",
        "location" | "location.text" => "location_text",
        "location.region_code" => "region",
        "requested_agency" => "agency",
        "category" => "category",
        "reporter" | "reporter.name" => "name",
        "reporter.email" => "email",
        "reporter.phone" => "phone",
        "reporter.nik" => "nik",
        "reporter.notify" => "notify",
        _ => "files",
    };
    let key = match code {
        "required" => "submit-error-required",
        "too_long" => "submit-error-too-long",
        "in_future" => "submit-error-in-future",
        "outside_indonesia" | "lat_and_lon_together" => "submit-error-coordinates",
        "unknown_agency"
        | "unknown_category"
        | "category_inactive"
        | "invalid"
        | "channel_not_allowed" => "submit-error-choice",
        "invalid_email" => "submit-error-email",
        "invalid_phone" => "submit-error-phone",
        "invalid_nik" => "submit-error-nik",
        "attachment_type_not_allowed" => "submit-error-file-type",
        "attachment_too_large" => "submit-error-file-size",
        "attachment_empty" | "attachment_corrupt" => "submit-error-file-broken",
        "too_many_files" => "submit-error-too-many-files",
        "anonymous_no_files" => "intake-error-anonymous-files",
        _ => "error-validation",
    };
    (name, key)
}

/// The API's field errors as messages by form field, in the page's language (the first error
/// of a field is the one shown).
pub fn localise(c: &Ctx, api_errors: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (field, code) in api_errors {
        let (name, key) = field_error(&field, &code);
        out.entry(name.to_owned()).or_insert_with(|| c.t(key));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field_error;

    #[test]
    fn a_field_no_form_shows_goes_with_the_files() {
        assert_eq!(field_error("reporter.email", "invalid_email").0, "email");
        assert_eq!(field_error("attachments", "too_many_files").0, "files");
        assert_eq!(
            field_error("files", "anonymous_no_files"),
            ("files", "intake-error-anonymous-files")
        );
        assert_eq!(field_error("kind", "nonsense").1, "error-validation");
    }
}
