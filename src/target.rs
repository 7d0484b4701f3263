//! Where `cnr-site deploy` publishes: a target written as an address, in `site.yaml`
//! (`deploy: { target: sftp://user@host/path }`) or on the command line.
//!
//! Paths follow curl's conventions: `sftp://user@host/var/www/site` is absolute and
//! `sftp://user@host/~/www` is in the user's home; `ftp://user@host/www` is in the folder the
//! server opens at login, `ftp://user@host//var/www` absolute. A password is never part of a
//! target: `site.yaml` is shared and kept in git.

use std::fmt;

use percent_encoding::percent_decode_str;

/// How files are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// SSH's file transfer: encrypted, logs in with SSH keys, the SSH agent or a password.
    Sftp,
    /// FTP over TLS, explicit (`AUTH TLS` on the FTP port): encrypted.
    Ftps,
    /// FTP: the password and the files cross the network in clear.
    Ftp,
    /// A folder of this computer: a mounted share, a USB stick.
    File,
}

/// A place to publish the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub protocol: Protocol,
    /// Empty for a folder.
    pub host: String,
    pub port: u16,
    /// Empty for a folder.
    pub user: String,
    /// The folder of the site on the server, as the protocol names it: `/var/www/site`,
    /// `www` (relative to where the server opens), `` for that place itself.
    pub path: String,
    /// The target as written, for messages.
    text: String,
}

/// Why a text is not a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetError {
    /// Not an address of a known protocol, or without the user to log in as.
    NotATarget,
    /// The address holds a password.
    Password,
}

impl Target {
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let url = url::Url::parse(text.trim()).map_err(|_| TargetError::NotATarget)?;
        if url.password().is_some() {
            return Err(TargetError::Password);
        }
        let (protocol, default_port) = match url.scheme() {
            "sftp" => (Protocol::Sftp, 22),
            "ftps" => (Protocol::Ftps, 21),
            "ftp" => (Protocol::Ftp, 21),
            "file" => (Protocol::File, 0),
            _ => return Err(TargetError::NotATarget),
        };
        let decode = |s: &str| percent_decode_str(s).decode_utf8().map(|s| s.into_owned());
        let raw_path = decode(url.path()).map_err(|_| TargetError::NotATarget)?;
        let user = decode(url.username()).map_err(|_| TargetError::NotATarget)?;
        let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_string();
        let clean = url.query().is_none() && url.fragment().is_none() && !raw_path.contains('\\');
        let path = match protocol {
            Protocol::File if host.is_empty() && user.is_empty() => raw_path,
            Protocol::File => return Err(TargetError::NotATarget),
            _ if host.is_empty() || user.is_empty() => return Err(TargetError::NotATarget),
            Protocol::Sftp => match raw_path.strip_prefix("/~") {
                Some(home) => home.trim_start_matches('/').to_string(),
                None => raw_path,
            },
            Protocol::Ftps | Protocol::Ftp => raw_path.strip_prefix('/').unwrap_or(&raw_path).to_string(),
        };
        let path = if path.len() > 1 { path.trim_end_matches('/').to_string() } else { path };
        // The address parser folds `a/../b` into `b`: look at the text as written.
        if !clean || text.split(['/', '\\']).any(|segment| segment == "..") {
            return Err(TargetError::NotATarget);
        }
        let port = url.port().unwrap_or(default_port);
        Ok(Target { protocol, host, port, user, path, text: text.trim().to_string() })
    }

    /// `path` joined to the folder of the site on the server.
    pub fn remote(&self, path: &str) -> String {
        match (self.path.as_str(), path) {
            (base, "") => base.to_string(),
            ("", path) => path.to_string(),
            ("/", path) => format!("/{path}"),
            (base, path) => format!("{base}/{path}"),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sftp_paths_are_absolute_or_in_the_home() {
        let target = Target::parse("sftp://cnr@example.org/var/www/site/").unwrap();
        assert_eq!((target.protocol, target.host.as_str(), target.port), (Protocol::Sftp, "example.org", 22));
        assert_eq!((target.user.as_str(), target.path.as_str()), ("cnr", "/var/www/site"));
        assert_eq!(target.remote("index.html"), "/var/www/site/index.html");
        let home = Target::parse("sftp://cnr@example.org:2222/~/www").unwrap();
        assert_eq!((home.port, home.path.as_str()), (2222, "www"));
        assert_eq!(Target::parse("sftp://cnr@example.org/~").unwrap().remote("a/b.html"), "a/b.html");
    }

    #[test]
    fn ftp_paths_start_where_the_server_opens() {
        let target = Target::parse("ftps://cnr%40mali@ftp.example.org/public_html").unwrap();
        assert_eq!(
            (target.protocol, target.user.as_str(), target.path.as_str()),
            (Protocol::Ftps, "cnr@mali", "public_html")
        );
        assert_eq!(Target::parse("ftp://u@h").unwrap().remote("index.html"), "index.html");
        assert_eq!(Target::parse("ftp://u@h//srv/www").unwrap().path, "/srv/www");
        assert_eq!(Target::parse("ftp://u@h:2121/").unwrap().port, 2121);
    }

    #[test]
    fn folders_are_file_addresses() {
        let target = Target::parse("file:///media/cle%20usb/site").unwrap();
        assert_eq!((target.protocol, target.path.as_str()), (Protocol::File, "/media/cle usb/site"));
        assert_eq!(target.remote("en/index.html"), "/media/cle usb/site/en/index.html");
    }

    #[test]
    fn passwords_and_other_addresses_are_refused() {
        assert_eq!(Target::parse("sftp://cnr:secret@example.org/www"), Err(TargetError::Password));
        for bad in [
            "example.org/www",
            "https://example.org/",
            "sftp://example.org/www",
            "ftp://u@/www",
            "sftp://u@h/www?x=1",
            "sftp://u@h/www/../etc",
            "file://host/x",
        ] {
            assert_eq!(Target::parse(bad), Err(TargetError::NotATarget), "{bad}");
        }
    }
}
