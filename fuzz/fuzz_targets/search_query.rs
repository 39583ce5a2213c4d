//! A search box's text: name words and phone numbers, turned into blind-index tokens.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_protect::blind;
use tonle_protect::keys::Secret;

fuzz_target!(|query: &str| {
    let key = Secret::from_bytes([3; 32]);
    let tokens = blind::name_query_tokens(&key, 1, query);
    // Whatever is searched for, a name equal to the query is indexed under every token.
    let indexed = blind::name_tokens(&key, 1, [query]);
    assert!(tokens.iter().all(|t| indexed.contains(t)));
    let digits = blind::phone_digits(query);
    assert!(digits.bytes().all(|b| b.is_ascii_digit()));
    let _ = blind::phone_token(&key, 1, query);
});
