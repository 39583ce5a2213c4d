//! One simulated user: a cookie jar, signing in through the form, timed requests.

use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode, redirect};

use crate::failure::{CliResult, Failure};

pub struct User {
    client: Client,
    base: String,
    csrf: String,
}

fn failure(e: reqwest::Error) -> Failure {
    Failure(format!("A benchmark request failed: {e}."))
}

/// The form token in a page (every signed-in page carries one).
fn csrf(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

impl User {
    pub fn new(base: &str) -> CliResult<Self> {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(failure)?;
        Ok(Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
            csrf: String::new(),
        })
    }

    /// Signs in; returns how long the form submission took.
    pub async fn sign_in(&mut self, username: &str, password: &str) -> CliResult<Duration> {
        let form = self.get_text("/sign-in").await?;
        let token =
            csrf(&form).ok_or_else(|| Failure("The sign-in page has no form token.".into()))?;
        let started = Instant::now();
        let response = self
            .client
            .post(format!("{}/sign-in", self.base))
            .form(&[
                ("csrf", token.as_str()),
                ("username", username),
                ("password", password),
                ("next", ""),
            ])
            .send()
            .await
            .map_err(failure)?;
        let took = started.elapsed();
        if response.status() != StatusCode::SEE_OTHER {
            return Err(Failure(format!(
                "Signing in as {username} failed ({}); was the database made by `tonle generate`?",
                response.status()
            )));
        }
        let home = self.get_text("/").await?;
        self.csrf = csrf(&home).unwrap_or_default();
        Ok(took)
    }

    async fn get_text(&self, path: &str) -> CliResult<String> {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .map_err(failure)?;
        response.text().await.map_err(failure)
    }

    /// A GET, read to the end; whether it answered 200, and how long it took.
    pub async fn get(&self, path: &str) -> (Duration, bool) {
        let started = Instant::now();
        let ok = match self.client.get(format!("{}{path}", self.base)).send().await {
            Ok(r) => r.status() == StatusCode::OK && r.bytes().await.is_ok(),
            Err(_) => false,
        };
        (started.elapsed(), ok)
    }

    /// The same, for a path the caller built.
    pub async fn get_owned(&self, path: String) -> (Duration, bool) {
        self.get(&path).await
    }

    /// A people search as the page sends it (posted, with the form token), read to the end.
    pub async fn search(&self, query: String) -> (Duration, bool) {
        let form = [("csrf", self.csrf.as_str()), ("q", query.as_str())];
        let started = Instant::now();
        let ok = match self
            .client
            .post(format!("{}/people/search", self.base))
            .form(&form)
            .send()
            .await
        {
            Ok(r) => r.status() == StatusCode::OK && r.bytes().await.is_ok(),
            Err(_) => false,
        };
        (started.elapsed(), ok)
    }

    /// A form POST that should redirect (303) when it succeeds.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (Duration, bool) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        let started = Instant::now();
        let ok = match self
            .client
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
        {
            Ok(r) => r.status() == StatusCode::SEE_OTHER,
            Err(_) => false,
        };
        (started.elapsed(), ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_token_is_found() {
        let html = r#"<form><input type="hidden" name="csrf" value="abc123"></form>"#;
        assert_eq!(csrf(html).as_deref(), Some("abc123"));
        assert_eq!(csrf("<p>none</p>"), None);
    }
}
