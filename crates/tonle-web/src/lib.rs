//! Tonle's web app: server-rendered HTML in Khmer and English, one module per capability.
//!
//! Handlers are thin: parse the request, check who is asking, call the store, render a template.

mod account;
mod app;
mod assets;
mod audit_log;
mod auth;
mod cases;
mod client;
mod error;
mod forms;
mod health;
mod home;
pub mod i18n;
mod language;
mod organisations;
mod page;
mod people;
mod places;
mod projects;
mod qr;
mod resets;
mod security;
mod shelters;
mod sign_in_code;
mod state;
pub mod tls;
mod two_factor;
mod users;
mod viewer;

pub use app::{route_paths, router, serve};
pub use state::{AppState, WebSettings};
