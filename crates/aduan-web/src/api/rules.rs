//! Rules across fields that a derived schema cannot state, added to the document's components:
//! the component becomes `allOf` [its derived schema, `anyOf` the ways to meet the rule], so a
//! client (or a generator of test data) knows what the validation will ask for. A registration
//! names an e-mail or a phone; a partner may file for some agencies or some regions; each
//! action names what it needs (a text, a reason, a rating).

use serde_json::{Value, json};
use utoipa::openapi::schema::{
    AllOfBuilder, AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::{OpenApi, RefOr};

/// The components that carry a rule across their fields, and the rule.
pub(crate) fn add(doc: &mut OpenApi) {
    any_present(
        doc,
        "RegisterRequest",
        &[("email", string()), ("phone", string())],
        "An e-mail or a phone, or both: the confirmation link goes to one of them.",
    );
    any_present(
        doc,
        "PartnerInput",
        &[("agencies", some_items()), ("regions", some_items())],
        "Some agencies or some regions, or both: what the partner may file for.",
    );
    actions(doc);
}

/// `component` requires at least one of `fields`, each given as its schema says.
fn any_present(doc: &mut OpenApi, component: &str, fields: &[(&str, Schema)], why: &str) {
    let Some(schemas) = doc.components.as_mut().map(|c| &mut c.schemas) else {
        return;
    };
    let Some(derived) = schemas.remove(component) else {
        return;
    };
    let ways = fields
        .iter()
        .fold(AnyOfBuilder::new(), |ways, (name, schema)| {
            ways.item(
                ObjectBuilder::new()
                    .property(*name, schema.clone())
                    .required(*name),
            )
        });
    let ruled = AllOfBuilder::new()
        .item(derived)
        .item(ways.description(Some(why)))
        .build();
    schemas.insert(component.to_owned(), RefOr::T(Schema::AllOf(ruled)));
}

fn string() -> Schema {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .build()
        .into()
}

fn some_items() -> Schema {
    ArrayBuilder::new()
        .items(RefOr::T(string()))
        .min_items(Some(1))
        .build()
        .into()
}

/// An action's component as `allOf` [its fields, `oneOf` a branch per group of actions with
/// what they need]; and the partner's, for the reporter's actions a partner may take.
pub(crate) fn actions(doc: &mut OpenApi) {
    use aduan_app::reports::action_input::{Needs, needs, requested_actions};
    let Some(schemas) = doc.components.as_mut().map(|c| &mut c.schemas) else {
        return;
    };
    let Some(derived) = schemas.remove("ActionRequest") else {
        return;
    };
    let groups = [
        Needs::Nothing,
        Needs::Text,
        Needs::Words,
        Needs::ListReason,
        Needs::RatingIfAny,
        Needs::Rating,
        Needs::Directory,
    ];
    let partner = aduan_app::partners::filing::REPORTER_ACTIONS;
    let ruled = |only: &dyn Fn(&str) -> bool| -> Option<RefOr<Schema>> {
        let mut ways =
            AnyOfBuilder::new().description(Some("What the action needs besides its name."));
        for group in groups {
            let names: Vec<&str> = requested_actions()
                .filter(|k| needs(*k) == group && only(k.as_str()))
                .map(|k| k.as_str())
                .collect();
            if names.is_empty() {
                continue;
            }
            for branch in branches(group, &names) {
                ways = ways.item(schema_of(branch)?);
            }
        }
        Some(RefOr::T(Schema::AllOf(
            AllOfBuilder::new().item(derived.clone()).item(ways).build(),
        )))
    };
    if let Some(all) = ruled(&|_| true) {
        schemas.insert("ActionRequest".to_owned(), all);
    }
    if let Some(reporters) = ruled(&|name| partner.contains(&name)) {
        schemas.insert("PartnerActionRequest".to_owned(), reporters);
    }
    let path = doc.paths.paths.get_mut("/partner/reports/{ref}/actions");
    let body = path
        .and_then(|p| p.post.as_mut())
        .and_then(|op| op.request_body.as_mut());
    let body = body.and_then(|b| match b {
        RefOr::T(b) => Some(b),
        RefOr::Ref(_) => None,
    });
    let content = body.and_then(|b| b.content.get_mut("application/json"));
    if let Some(RefOr::T(content)) = content {
        content.schema = Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
            "PartnerActionRequest",
        )));
    }
}

/// The branches of the actions `names`, which need `group`.
fn branches(group: aduan_app::reports::action_input::Needs, names: &[&str]) -> Vec<Value> {
    use aduan_app::reports::action_input::Needs;
    use aduan_domain::status::ArchiveReasonCode as Code;
    let text = json!({"type": "string", "pattern": "\\S"});
    let rating = json!({"type": "integer", "minimum": 1, "maximum": 5});
    let resolved = json!({"type": "boolean"});
    // An action of `names` with `fields` required (each with its schema), and (`absent`) none
    // of those fields.
    let of = |fields: &[(&str, Value)], absent: &[&str]| {
        let mut properties = json!({"action": {"type": "string", "enum": names}});
        let mut required = vec!["action"];
        for (name, schema) in fields {
            properties[*name] = schema.clone();
            required.push(name);
        }
        let mut branch = json!({"type": "object", "required": required, "properties": properties});
        if !absent.is_empty() {
            let present: Vec<Value> = absent.iter().map(|f| json!({"required": [f]})).collect();
            branch["not"] = json!({"anyOf": present});
        }
        branch
    };
    let codes = |pick: &dyn Fn(Code) -> bool| -> Value {
        let codes: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| pick(**c))
            .map(|c| c.as_str())
            .collect();
        json!({"type": "string", "enum": codes})
    };
    match group {
        Needs::Nothing | Needs::Directory => vec![of(&[], &[])],
        Needs::Text => vec![of(&[("body", text)], &[])],
        Needs::Words => vec![
            of(&[("reason_text", text.clone())], &[]),
            of(&[("reason", text)], &["reason_text"]),
        ],
        Needs::ListReason => vec![
            of(
                &[(
                    "reason",
                    codes(&|c| !matches!(c, Code::Withdrawn | Code::Duplicate | Code::Other)),
                )],
                &[],
            ),
            of(
                &[
                    ("reason", codes(&|c| c == Code::Duplicate)),
                    (
                        "duplicate_of",
                        json!({"type": "string", "pattern": "^[0-9A-Za-z]{10}$"}),
                    ),
                ],
                &[],
            ),
            of(
                &[
                    ("reason", codes(&|c| c == Code::Other)),
                    ("reason_text", text),
                ],
                &[],
            ),
        ],
        Needs::RatingIfAny => vec![
            of(&[("rating", rating), ("resolved", resolved)], &[]),
            of(&[], &["rating", "resolved"]),
        ],
        Needs::Rating => vec![of(&[("rating", rating), ("resolved", resolved)], &[])],
    }
}

/// `value` as a schema of the document, with the keywords the document's types lack (`not`)
/// kept as they are.
fn schema_of(mut value: Value) -> Option<RefOr<Schema>> {
    let not = value.as_object_mut().and_then(|o| o.remove("not"));
    let mut schema: RefOr<Schema> = serde_json::from_value(value).ok()?;
    if let (Some(not), RefOr::T(Schema::Object(object))) = (not, &mut schema) {
        object
            .extensions
            .get_or_insert_with(Default::default)
            .insert("not".to_owned(), not);
    }
    Some(schema)
}
