//! Aduan's one message catalogue. Every user-facing string (web pages, SMS, e-mail, API error
//! messages) is a Fluent message in `locales/id/*.ftl` (Bahasa Indonesia, the default) and
//! `locales/en/*.ftl` (English). The two languages must hold the same keys; a test checks it.

mod lang;

pub use fluent_bundle::FluentValue;
pub use lang::Lang;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::collections::BTreeSet;
use std::sync::LazyLock;

mod files {
    include!(concat!(env!("OUT_DIR"), "/files.rs"));
}

type Bundle = FluentBundle<FluentResource>;

/// Both languages' messages, parsed once.
pub struct Catalogue {
    id: Bundle,
    en: Bundle,
    keys_id: BTreeSet<String>,
    keys_en: BTreeSet<String>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::load);

/// The catalogue, parsed on first use.
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

fn bundle(lang: Lang, files: &[(&str, &str)]) -> (Bundle, BTreeSet<String>) {
    let mut bundle = Bundle::new_concurrent(vec![lang.langid()]);
    // Plain text out: no Unicode isolation marks around arguments (they would reach SMS).
    bundle.set_use_isolating(false);
    let mut keys = BTreeSet::new();
    for (name, text) in files {
        let resource = match FluentResource::try_new((*text).to_owned()) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{}/{name}: {errors:?}", lang.code()),
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                keys.insert(m.id.name.to_owned());
            }
        }
        if let Err(errors) = bundle.add_resource(resource) {
            panic!("{}/{name}: {errors:?}", lang.code());
        }
    }
    (bundle, keys)
}

impl Catalogue {
    fn load() -> Self {
        let (id, keys_id) = bundle(Lang::Id, files::ID);
        let (en, keys_en) = bundle(Lang::En, files::EN);
        Self {
            id,
            en,
            keys_id,
            keys_en,
        }
    }

    fn bundle(&self, lang: Lang) -> &Bundle {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }

    /// The keys defined in `lang`.
    pub fn keys(&self, lang: Lang) -> &BTreeSet<String> {
        match lang {
            Lang::Id => &self.keys_id,
            Lang::En => &self.keys_en,
        }
    }

    /// Whether `key` exists in `lang`.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.keys(lang).contains(key)
    }

    /// The message `key` in `lang` with `args`. A missing key yields the key itself in
    /// brackets (and the catalogue tests make that impossible for keys the code uses).
    pub fn text(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return format!("[{key}]");
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        out.into_owned()
    }

    /// The attribute `attr` of message `key` (for example a field's hint).
    pub fn attr(&self, lang: Lang, key: &str, attr: &str) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle
            .get_message(key)
            .and_then(|m| m.get_attribute(attr))
            .map(|a| a.value())
        else {
            return format!("[{key}.{attr}]");
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, None, &mut errors)
            .into_owned()
    }
}

/// A translator bound to one language: what templates and messages hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
}

impl Tr {
    /// A translator for `lang`.
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        catalogue().text(self.lang, key, &[])
    }

    /// The message `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        catalogue().text(
            self.lang,
            key,
            &[(name, FluentValue::from(value.to_string()))],
        )
    }

    /// The message `key` with a number argument (for plurals).
    pub fn n(&self, key: &str, name: &str, value: i64) -> String {
        catalogue().text(self.lang, key, &[(name, FluentValue::from(value))])
    }

    /// The message `key` with several arguments.
    pub fn args(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        catalogue().text(self.lang, key, args)
    }

    /// The language's code (`id`, `en`) for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
}
