//! A gateway's refusal of a form: every problem it named, pinned to its field and to the
//! value that field had, so each shows beside its field until the person changes it.

use crate::api::ApiError;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Refusal {
    /// (field, sentence, the value refused), for fields this form has.
    at_fields: Vec<(String, String, String)>,
    /// What no field of the form can show: problems at fields it lacks, or the whole
    /// sentence when no problem names one of its fields.
    pub general: Option<String>,
}

impl Refusal {
    /// `fields` are the form's field names, as the gateway names them; `value` reads a
    /// field's value now (when the refusal arrives).
    pub fn new(e: &ApiError, fields: &[&str], value: impl Fn(&str) -> String) -> Self {
        let mut at_fields = Vec::new();
        let mut elsewhere = Vec::new();
        for (field, detail) in e.problems() {
            if fields.contains(&field) {
                at_fields.push((field.to_string(), detail.to_string(), value(field)));
            } else {
                elsewhere.push(detail);
            }
        }
        let general = match (at_fields.is_empty(), elsewhere.is_empty()) {
            (true, _) => Some(e.to_string()),
            (false, true) => None,
            (false, false) => Some(elsewhere.join(" ")),
        };
        Self { at_fields, general }
    }

    /// The sentence for `field` while it still holds the value that was refused.
    pub fn at(&self, field: &str, value: &str) -> Option<String> {
        self.at_fields.iter().find(|(f, _, v)| f == field && v == value).map(|(_, d, _)| d.clone())
    }

    /// The first refused field in the form's order, to put the cursor there.
    pub fn first_field<'a>(&self, fields: &[&'a str]) -> Option<&'a str> {
        fields.iter().copied().find(|f| self.at_fields.iter().any(|(r, _, _)| r == f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: [&str; 3] = ["name", "description", "config.URL"];

    fn refused(text: &str) -> ApiError {
        ApiError::from_answer(422, text)
    }

    #[test]
    fn every_problem_shows_at_its_field_until_that_value_changes() {
        let e = refused(
            r#"{"detail":"Name it. Fix the URL.","field":"name","problems":[
            {"field":"name","detail":"Name it."},{"field":"config.URL","detail":"Fix the URL."}]}"#,
        );
        let r = Refusal::new(&e, &FIELDS, |f| format!("{f} value"));
        assert_eq!(r.at("name", "name value").as_deref(), Some("Name it."));
        assert_eq!(r.at("config.URL", "config.URL value").as_deref(), Some("Fix the URL."));
        assert_eq!(r.at("config.URL", "edited"), None);
        assert_eq!(r.at("description", "description value"), None);
        assert_eq!(r.general, None);
        assert_eq!(r.first_field(&FIELDS), Some("name"));
    }

    #[test]
    fn problems_at_fields_the_form_lacks_are_said_for_the_form() {
        let e = refused(
            r#"{"detail":"Fix the URL. Unknown tool.","problems":[
            {"field":"config.URL","detail":"Fix the URL."},{"field":"tool_ids","detail":"Unknown tool."}]}"#,
        );
        let r = Refusal::new(&e, &FIELDS, |_| String::new());
        assert_eq!(r.general.as_deref(), Some("Unknown tool."));
        assert_eq!(r.at("config.URL", "").as_deref(), Some("Fix the URL."));
    }

    #[test]
    fn a_refusal_naming_no_field_is_said_whole_for_the_form() {
        let r = Refusal::new(&refused(r#"{"detail":"The gateway is busy."}"#), &FIELDS, |_| String::new());
        assert_eq!(r.general.as_deref(), Some("The gateway is busy."));
        assert_eq!(r.first_field(&FIELDS), None);
    }
}
