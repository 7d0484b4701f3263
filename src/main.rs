//! The `cnr-site` command: `build` the site into `public/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cnr_site::url::BaseUrl;
use cnr_site::{BuildOptions, model};

#[derive(Parser)]
#[command(
    name = "cnr-site",
    version,
    about = "Builds the website of the Coordination Nationale du Rapatriement"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder that any static web server can publish.
    Build {
        /// The site's folder, holding site.yaml, content/ and themes/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish at this address instead of site.yaml's base_url.
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<BaseUrl>,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
    },
}

fn parse_base_url(text: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(text)
        .ok_or_else(|| format!("{text:?} is not an address like https://example.org/"))
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let today = chrono::Local::now().date_naive();
            let options = BuildOptions {
                root,
                output: output.clone(),
                model: model::Options {
                    drafts,
                    today,
                    base_url,
                },
            };
            match cnr_site::build(&options) {
                Ok(report) => {
                    println!("{report}");
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprintln!("{errors}");
                    eprintln!("Nothing was written: {} is as it was.", output.display());
                    ExitCode::FAILURE
                }
            }
        }
    }
}
