//! Rules across fields that a derived schema cannot state, added to the document's components:
//! the component becomes `allOf` [its derived schema, `anyOf` the ways to meet the rule], so a
//! client (or a generator of test data) knows what the validation will ask for. A registration
//! names an e-mail or a phone; a partner may file for some agencies or some regions.

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
