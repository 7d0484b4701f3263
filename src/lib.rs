//! cnr-site: the static site generator of the Coordination Nationale du Rapatriement (Mali).
//!
//! The pipeline runs one way, one stage a module:
//! [`load`] reads `site.yaml`, `content/` and the theme; [`model`] turns them into the site
//! as data; [`render`] makes every output with tera; [`write`] puts them in place atomically.

// Errors carry their file and problem by value: they are on the cold path, and a build
// stops on them anyway.
#![allow(clippy::result_large_err)]

pub mod addresses;
pub mod build;
pub mod cards;
pub mod check;
pub mod config;
pub mod date;
pub mod deploy;
pub mod editor;
pub mod error;
pub mod frontmatter;
pub mod fsio;
pub mod hash;
pub mod html;
pub mod i18n;
pub mod images;
pub mod load;
pub mod manifest;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod new;
pub mod notices;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod serve;
pub mod target;
pub mod text;
pub mod theme;
pub mod typography;
pub mod url;
pub mod verify;
pub mod video;
pub mod words;
pub mod write;
pub mod yaml;

pub use build::{BuildOptions, Report, Stages, build, load_site};
