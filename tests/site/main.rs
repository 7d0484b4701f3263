//! Whole-site tests: each builds a small fixture site with the project's theme into a
//! temporary folder, then reads the files written or what the command printed.

mod browser;
mod build;
mod check;
mod content;
mod deploy;
mod errors;
mod fixture;
mod images;
mod layers;
mod new;
mod publish;
mod serve;
mod servers;
mod share;
