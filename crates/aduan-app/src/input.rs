//! Reading a request's JSON the same way at every edge: a failure names the field.

use crate::error::AppError;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Parses JSON: a syntax error is `invalid_request`; a type or value error is
/// `validation_failed` naming the field (`location.lat` → `invalid`, a missing field → `required`).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return AppError::InvalidRequest(inner.to_string());
        }
        let path = e.path().to_string();
        let message = inner.to_string();
        let (field, code) = match message.strip_prefix("missing field `") {
            Some(rest) => {
                let name = rest.split('`').next().unwrap_or_default();
                let field = if path == "." {
                    name.to_owned()
                } else {
                    format!("{path}.{name}")
                };
                (field, "required".to_owned())
            }
            None => (
                if path == "." { "body".to_owned() } else { path },
                "invalid".to_owned(),
            ),
        };
        AppError::Validation(BTreeMap::from([(field, code)]))
    })
}
