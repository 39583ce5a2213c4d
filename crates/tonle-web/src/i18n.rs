//! Translations: every word the user sees comes from `locales/{en,km}/main.ftl`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use tonle_domain::language::Language;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "en",
        // Unicode isolation marks are invisible noise in HTML attributes and tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| "en".parse().unwrap_or_default());
static KM: LazyLock<LanguageIdentifier> = LazyLock::new(|| "km".parse().unwrap_or_default());

fn id(language: Language) -> &'static LanguageIdentifier {
    match language {
        Language::En => &EN,
        Language::Km => &KM,
    }
}

/// Translates `key`. A missing key shows as the key itself (and a test keeps that from shipping).
pub fn tr(language: Language, key: &str) -> String {
    LOCALES
        .try_lookup(id(language), key)
        .unwrap_or_else(|| key.to_owned())
}

/// Translates `key` with named arguments (`{ $name }` in the Fluent file).
pub fn tr_args(language: Language, key: &str, args: &[(&'static str, String)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
        .collect();
    LOCALES
        .try_lookup_with_args(id(language), key, &map)
        .unwrap_or_else(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_both_languages() {
        assert_eq!(tr(Language::En, "nav-home"), "Home");
        assert_eq!(tr(Language::Km, "nav-home"), "ទំព័រដើម");
        assert_eq!(tr(Language::En, "no-such-key"), "no-such-key");
        assert_eq!(
            tr_args(Language::En, "home-greeting", &[("name", "Dara".into())]),
            "Welcome, Dara"
        );
    }
}
