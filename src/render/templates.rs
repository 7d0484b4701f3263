//! The theme's templates in tera: the filters and functions they use (`t`, `date`, `number`).

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::i18n::Strings;
use crate::model::Site;
use crate::url::Language;

/// The strings of the language of the page being rendered.
fn strings_for<'a>(strings: &'a BTreeMap<Language, Strings>, state: &State) -> tera::TeraResult<&'a Strings> {
    // Called for every string a page shows: found without parsing or allocating.
    let lang: Option<Value> = state.get("lang")?;
    let lang = lang.as_ref().and_then(Value::as_str).ok_or_else(|| tera::Error::message("`lang` is not set"))?;
    let found = strings.iter().find(|(code, _)| code.as_str() == lang).map(|(_, strings)| strings);
    found.ok_or_else(|| tera::Error::message(format!("no strings for language `{lang}`")))
}

/// Filters and functions that templates use, all in the page's language:
/// `{{ t(key="back_to_list") }}`, `{{ page.date | date }}`, `{{ 89324 | number }}`. They read
/// the theme's strings only: what else a page shows is in its context.
pub(super) fn register(tera: &mut Tera, site: &Site) {
    let strings = Arc::new(site.strings.clone());
    let theme_strings = strings.clone();
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        let key: &str = kwargs.must_get("key")?;
        let strings = strings_for(&theme_strings, state)?;
        // Numbers are written the language's way: « 1 234 activités ».
        let args: Vec<(&str, String)> = kwargs
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?, v.as_f64().map_or_else(|| v.to_string(), |n| strings.number(n)))))
            .filter(|(k, _)| *k != "key")
            .collect();
        strings.get(key, &args).ok_or_else(|| {
            tera::Error::message(format!(
                "the theme's strings have no `{key}`: add it to i18n/{}.yaml",
                state.get::<String>("lang").ok().flatten().unwrap_or_default()
            ))
        })
    });
    let date_strings = strings.clone();
    tera.register_filter("date", move |value: &str, _: Kwargs, state: &State| -> tera::TeraResult<String> {
        let date = crate::date::parse(value).ok_or_else(|| tera::Error::message(format!("`{value}` is not a date")))?;
        Ok(strings_for(&date_strings, state)?.date(date))
    });
    let number_strings = strings;
    tera.register_filter("number", move |value: f64, _: Kwargs, state: &State| -> tera::TeraResult<String> {
        Ok(strings_for(&number_strings, state)?.number(value))
    });
}
