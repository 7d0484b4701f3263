//! Whole-site tests: each builds a small fixture site with the project's theme into a
//! temporary folder, then reads the files written or what the command printed.

mod aliases;
mod alternates;
mod browser;
mod build;
mod check;
mod contact;
mod content;
mod deploy;
mod editor;
mod errors;
mod fixture;
mod fuzz;
mod images;
mod layers;
mod limits;
mod new;
mod output;
mod publish;
mod redirects;
mod search;
mod serve;
mod servers;
mod share;
mod typography;
