//! Who may use the editor. Every request to it must name the editor's own address in `Host`
//! (a name that is not an address, but `localhost`, is refused: DNS rebinding fails), and a
//! request that changes something must come from the editor's own pages (`Origin`, or else
//! `Referer`, and `Sec-Fetch-Site`), carry its session's cookie (HttpOnly, SameSite=Strict)
//! and its session's token in the form. With a password (required to listen beyond this
//! computer), a session starts only after logging in; failed attempts are throttled.
//! The password file holds an Argon2id hash, made by `cnr-site editor-password`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::files::random_hex;
use crate::error::{Error, Errors, Location, Problem};

/// The password file, in the site's folder, outside `content/`.
pub const PASSWORD_FILE: &str = ".cnr-site/editor-password";
/// The session cookie's name.
pub const COOKIE: &str = "cnr_editor";
/// A session unused this long ends.
const IDLE: Duration = Duration::from_secs(12 * 3600);
/// The most sessions kept at once; the oldest goes first.
const MOST_SESSIONS: usize = 200;
/// Failed logins allowed before waiting, and the longest wait.
const FREE_TRIES: u32 = 3;
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

/// The Argon2id hash of a password, as the password file holds it.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the system's random numbers");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a salt");
    argon2::Argon2::default().hash_password(password.as_bytes(), &salt).expect("Argon2 hashes any password").to_string()
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|hash| argon2::Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// The password's hash from the site's password file; `None` without the file.
pub fn read_password(root: &Path) -> Result<Option<String>, Errors> {
    let file = root.join(PASSWORD_FILE);
    match std::fs::read_to_string(&file) {
        Ok(text) => {
            let hash = text.trim().to_string();
            if PasswordHash::new(&hash).is_err() {
                return Err(Error::at(Location::file(&file), Problem::BadPasswordFile).into());
            }
            Ok(Some(hash))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(&file, &e).into()),
    }
}

/// Writes the hash of `password` in the site's password file, readable by its owner only.
pub fn write_password(root: &Path, password: &str) -> Result<PathBuf, Errors> {
    let file = root.join(PASSWORD_FILE);
    super::files::write_atomic(&file, format!("{}\n", hash_password(password)).as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(|e| Error::io(&file, &e))?;
    }
    Ok(file)
}

/// A session: its token, and whether its person is let in.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub token: String,
    pub let_in: bool,
    last: Instant,
}

/// What a refused request gets told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Another address than the editor's.
    Host,
    /// A page of another site.
    Origin,
    /// No session, or its token is not the form's.
    Token,
    /// Logging in is needed first.
    Login,
}

/// The editor's door: its address, its password, its sessions.
pub struct Guard {
    address: SocketAddr,
    password: Option<String>,
    sessions: Mutex<HashMap<String, Session>>,
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Guard {
    /// `address` is where the editor listens; `password` the hash that lets people in.
    pub fn new(address: SocketAddr, password: Option<String>) -> Guard {
        Guard { address, password, sessions: Mutex::default(), failures: Mutex::default() }
    }

    pub fn needs_login(&self) -> bool {
        self.password.is_some()
    }

    /// Whether `host` (the `Host` header) names the editor: its port, and `localhost` or an
    /// address it listens on; never another name, which a DNS rebinding would use.
    pub fn is_own_host(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else { return false };
        if port.parse() != Ok(self.address.port()) {
            return false;
        }
        let bind = self.address.ip();
        // `localhost` reaches the editor only where it listens on this computer's loopback.
        if name.eq_ignore_ascii_case("localhost") {
            return bind.is_loopback() || bind.is_unspecified();
        }
        let ip: Option<IpAddr> = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name).parse().ok();
        match ip {
            Some(_) if bind.is_unspecified() => true,
            Some(ip) if bind.is_loopback() => ip.is_loopback(),
            Some(ip) => ip == bind,
            None => false,
        }
    }

    /// Whether a request that changes something comes from the editor's own pages: its
    /// `Origin` (or `Referer`) is the editor's address, and the browser does not call it
    /// cross-site.
    pub fn is_own_origin(host: &str, origin: Option<&str>, referer: Option<&str>, fetch_site: Option<&str>) -> bool {
        let own = format!("http://{host}");
        let origin_ok = match (origin, referer) {
            (Some(origin), _) => origin == own,
            (None, Some(referer)) => referer == own || referer.starts_with(&format!("{own}/")),
            (None, None) => true,
        };
        origin_ok && fetch_site.is_none_or(|site| site == "same-origin" || site == "none")
    }

    /// The session of a cookie, if it is live; it is used now.
    pub fn session(&self, id: Option<&str>) -> Option<Session> {
        let mut sessions = lock(&self.sessions);
        let session = sessions.get_mut(id?)?;
        if session.last.elapsed() > IDLE {
            let id = session.id.clone();
            sessions.remove(&id);
            return None;
        }
        session.last = Instant::now();
        Some(session.clone())
    }

    /// A new session; let in at once when there is no password.
    pub fn open(&self, let_in: bool) -> Session {
        let session = Session {
            id: random_hex(24),
            token: random_hex(24),
            let_in: let_in || self.password.is_none(),
            last: Instant::now(),
        };
        let mut sessions = lock(&self.sessions);
        if sessions.len() >= MOST_SESSIONS
            && let Some(oldest) = sessions.values().min_by_key(|s| s.last).map(|s| s.id.clone())
        {
            sessions.remove(&oldest);
        }
        sessions.insert(session.id.clone(), session.clone());
        session
    }

    pub fn close(&self, id: &str) {
        lock(&self.sessions).remove(id);
    }

    /// How long `from` must wait before trying a password again; zero when it may now.
    pub fn wait_for(&self, from: IpAddr) -> Duration {
        let failures = lock(&self.failures);
        let Some((count, last)) = failures.get(&from) else { return Duration::ZERO };
        let wait = match count.checked_sub(FREE_TRIES) {
            None | Some(0) => Duration::ZERO,
            Some(over) => Duration::from_secs(2u64.saturating_pow(over.min(20))).min(LONGEST_WAIT),
        };
        wait.saturating_sub(last.elapsed())
    }

    /// Checks a password from `from`: a new session let in, or `None` (the failure counted).
    /// Slow on purpose (Argon2): call it off the server's threads.
    pub fn log_in(&self, from: IpAddr, password: &str) -> Option<Session> {
        let hash = self.password.as_deref()?;
        if !self.wait_for(from).is_zero() {
            return None;
        }
        if verify(password, hash) {
            lock(&self.failures).remove(&from);
            return Some(self.open(true));
        }
        let mut failures = lock(&self.failures);
        let entry = failures.entry(from).or_insert((0, Instant::now()));
        *entry = (entry.0 + 1, Instant::now());
        None
    }
}

/// Whether two tokens are the same, in a time that does not tell how much of them is.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(bind: &str) -> Guard {
        Guard::new(SocketAddr::new(bind.parse().unwrap(), 1111), None)
    }

    #[test]
    fn only_the_editors_own_address_is_its_host() {
        let local = guard("127.0.0.1");
        for host in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(local.is_own_host(host), "{host}");
        }
        for host in
            ["127.0.0.1:2222", "evil.example:1111", "127.0.0.1", "192.168.1.5:1111", "127.0.0.1.nip.io:1111", ""]
        {
            assert!(!local.is_own_host(host), "{host}");
        }
        let lan = guard("192.168.1.5");
        assert!(lan.is_own_host("192.168.1.5:1111") && !lan.is_own_host("localhost:1111"));
        assert!(!lan.is_own_host("192.168.1.6:1111") && !lan.is_own_host("bureau.local:1111"));
        let any = guard("0.0.0.0");
        assert!(any.is_own_host("10.0.0.2:1111") && !any.is_own_host("rebind.example:1111"));
    }

    #[test]
    fn changes_come_only_from_the_editors_pages() {
        let host = "127.0.0.1:1111";
        assert!(Guard::is_own_origin(host, Some("http://127.0.0.1:1111"), None, Some("same-origin")));
        assert!(Guard::is_own_origin(host, None, Some("http://127.0.0.1:1111/_edit/"), None));
        assert!(!Guard::is_own_origin(host, Some("http://evil.example"), None, None));
        assert!(!Guard::is_own_origin(host, Some("null"), None, None));
        assert!(!Guard::is_own_origin(host, None, Some("http://127.0.0.1:11112/"), None));
        assert!(!Guard::is_own_origin(host, None, None, Some("cross-site")));
    }

    #[test]
    fn passwords_are_checked_and_failures_make_people_wait() {
        let hash = hash_password("un mot de passe assez long");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let guard = Guard::new("127.0.0.1:1111".parse().unwrap(), Some(hash));
        let from: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(guard.log_in(from, "un mot de passe assez long").is_some_and(|s| s.let_in));
        for _ in 0..FREE_TRIES {
            assert!(guard.log_in(from, "faux").is_none());
            assert!(guard.wait_for(from).is_zero());
        }
        assert!(guard.log_in(from, "faux").is_none());
        assert!(guard.wait_for(from) > Duration::from_secs(1));
        assert!(guard.log_in(from, "un mot de passe assez long").is_none(), "refused while waiting");
        assert!(guard.log_in("127.0.0.2".parse().unwrap(), "un mot de passe assez long").is_some());
    }

    #[test]
    fn sessions_have_their_own_tokens() {
        let guard = guard("127.0.0.1");
        let (a, b) = (guard.open(false), guard.open(false));
        assert_ne!(a.token, b.token);
        assert!(a.let_in, "no password: let in");
        assert_eq!(guard.session(Some(&a.id)).unwrap().token, a.token);
        guard.close(&a.id);
        assert!(guard.session(Some(&a.id)).is_none() && guard.session(Some("x")).is_none());
        assert!(same_token(&b.token, &b.token.clone()) && !same_token(&a.token, &b.token) && !same_token("a", "ab"));
    }
}
