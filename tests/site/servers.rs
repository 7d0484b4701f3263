//! Real servers for the deploy tests, on free loopback ports, each in a temporary folder
//! with keys and certificates made for the test: OpenSSH's sshd (SFTP), pure-ftpd with TLS
//! (FTPS; the FTP server of cPanel, the most common shared-hosting panel), and a TCP proxy that
//! cuts the connection after a number of bytes. `.ci/run` installs openssh-server and
//! pure-ftpd; the tests run as root, as CI does (sshd and pure-ftpd log in system users).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cnr_site::deploy::Credentials;

/// A server the site can be published on.
pub trait Server {
    /// The target of a folder of the server, through `port` if given (a proxy's).
    fn target(&self, folder: &str, port: Option<u16>) -> String;
    /// Where the folder is on this computer, to read what the server holds.
    fn folder(&self, folder: &str) -> PathBuf;
    fn credentials(&self) -> Credentials;
    /// The environment that gives `cnr-site deploy` the same credentials.
    fn env(&self) -> Vec<(String, String)>;
    fn port(&self) -> u16;
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?}: {e} (.ci/run installs what the tests need)"));
    assert!(output.status.success(), "{command:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Waits until something accepts connections on `port`.
pub fn wait_for_port(port: u16, child: &mut Child) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(child.try_wait().unwrap().is_none(), "the server stopped at once");
        assert!(start.elapsed() < Duration::from_secs(10), "nothing listens on port {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// OpenSSH's sshd, logging in the user running the tests with a key made for the test.
pub struct Sshd {
    dir: tempfile::TempDir,
    port: u16,
    child: Child,
}

impl Sshd {
    pub fn start() -> Sshd {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        for key in ["host", "client", "stranger"] {
            run(Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(path(key)));
        }
        std::fs::copy(path("client.pub"), path("authorized_keys")).unwrap();
        std::fs::create_dir_all("/run/sshd").unwrap();
        let port = free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nPidFile {pid}\nAuthorizedKeysFile {keys}\n\
             StrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n\
             Subsystem sftp internal-sftp\nPermitRootLogin prohibit-password\nLogLevel INFO\n",
            host = path("host").display(),
            pid = path("sshd.pid").display(),
            keys = path("authorized_keys").display(),
        );
        std::fs::write(path("sshd_config"), config).unwrap();
        let host_key = std::fs::read_to_string(path("host.pub")).unwrap();
        let host_key: Vec<&str> = host_key.split_whitespace().take(2).collect();
        std::fs::create_dir_all(path("home/.ssh")).unwrap();
        std::fs::write(path("home/.ssh/known_hosts"), format!("[127.0.0.1]:{port} {}\n", host_key.join(" "))).unwrap();
        std::fs::create_dir_all(path("www")).unwrap();
        let mut child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(path("sshd_config"))
            .stderr(Stdio::piped())
            .spawn()
            .expect("sshd runs (apt-get install openssh-server; .ci/run does)");
        // sshd says when it listens; its log is read to the end so that it never blocks.
        let (said, heard) = channel();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = said.send(line);
            }
        });
        loop {
            match heard.recv_timeout(Duration::from_secs(10)) {
                Ok(line) if line.contains("Server listening") => break,
                Ok(_) => {}
                Err(_) => panic!("sshd did not start: {:?}", child.try_wait()),
            }
        }
        Sshd { dir, port, child }
    }

    /// A key the server does not know.
    pub fn stranger(&self) -> PathBuf {
        self.dir.path().join("stranger")
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }
}

impl Server for Sshd {
    /// Through a proxy, the server is known at the proxy's port too, as `ssh` would have
    /// learnt after a first connection through it.
    fn target(&self, folder: &str, port: Option<u16>) -> String {
        let known_hosts = self.home().join(".ssh/known_hosts");
        let known = std::fs::read_to_string(&known_hosts).unwrap();
        if let Some(port) = port.filter(|p| !known.contains(&format!("]:{p} "))) {
            let key = known.split_once(' ').unwrap().1;
            std::fs::write(&known_hosts, format!("{known}[127.0.0.1]:{port} {key}")).unwrap();
        }
        let user = run(Command::new("id").arg("-un"));
        let user = user.trim();
        format!("sftp://{user}@127.0.0.1:{}{}", port.unwrap_or(self.port), self.folder(folder).display())
    }

    fn folder(&self, folder: &str) -> PathBuf {
        self.dir.path().join("www").join(folder)
    }

    fn credentials(&self) -> Credentials {
        Credentials {
            key: Some(self.dir.path().join("client")),
            ssh_folder: Some(self.home().join(".ssh")),
            ..Credentials::default()
        }
    }

    fn env(&self) -> Vec<(String, String)> {
        vec![
            ("HOME".into(), self.home().display().to_string()),
            ("CNR_DEPLOY_KEY".into(), self.dir.path().join("client").display().to_string()),
        ]
    }

    fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub const FTP_USER: &str = "cnr";
pub const FTP_PASSWORD: &str = "mot-de-passe-de-test";

/// pure-ftpd with TLS, a virtual user in a file of the test, chrooted in its home.
pub struct PureFtpd {
    dir: tempfile::TempDir,
    port: u16,
    child: Child,
}

impl PureFtpd {
    pub fn start() -> PureFtpd {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        run(Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"])
            .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout"])
            .arg(path("key.pem"))
            .arg("-out")
            .arg(path("cert.pem")));
        let pem = [std::fs::read(path("key.pem")).unwrap(), std::fs::read(path("cert.pem")).unwrap()].concat();
        std::fs::write(path("pure-ftpd.pem"), pem).unwrap();
        // The virtual user is `nobody` on this system, and owns its home.
        std::fs::create_dir_all(path("home")).unwrap();
        std::os::unix::fs::chown(path("home"), Some(65534), Some(65534)).unwrap();
        let mut add = Command::new("pure-pw")
            .args(["useradd", FTP_USER, "-u", "65534", "-g", "65534", "-d"])
            .arg(path("home"))
            .arg("-f")
            .arg(path("passwd"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("pure-pw runs (apt-get install pure-ftpd; .ci/run does)");
        write!(add.stdin.take().unwrap(), "{FTP_PASSWORD}\n{FTP_PASSWORD}\n").unwrap();
        assert!(add.wait().unwrap().success());
        run(Command::new("pure-pw").arg("mkdb").arg(path("passwd.pdb")).arg("-f").arg(path("passwd")));
        let port = free_port();
        let mut child = Command::new("/usr/sbin/pure-ftpd")
            .args(["-S", &format!("127.0.0.1,{port}"), "-E", "-A", "-H", "-Y", "1"])
            .arg("-l")
            .arg(format!("puredb:{}", path("passwd.pdb").display()))
            .arg("-2")
            .arg(path("pure-ftpd.pem"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pure-ftpd runs (apt-get install pure-ftpd; .ci/run does)");
        wait_for_port(port, &mut child);
        PureFtpd { dir, port, child }
    }
}

impl Server for PureFtpd {
    fn target(&self, folder: &str, port: Option<u16>) -> String {
        format!("ftps://{FTP_USER}@127.0.0.1:{}/{folder}", port.unwrap_or(self.port))
    }

    fn folder(&self, folder: &str) -> PathBuf {
        self.dir.path().join("home").join(folder)
    }

    fn credentials(&self) -> Credentials {
        Credentials {
            password: Some(FTP_PASSWORD.into()),
            certificate: Some(self.dir.path().join("cert.pem")),
            ..Credentials::default()
        }
    }

    fn env(&self) -> Vec<(String, String)> {
        vec![
            ("CNR_DEPLOY_PASSWORD".into(), FTP_PASSWORD.into()),
            ("CNR_DEPLOY_CERTIFICATE".into(), self.dir.path().join("cert.pem").display().to_string()),
        ]
    }

    fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for PureFtpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the proxy does with connections after it cut one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// Forwards them whole: the link is back.
    Pass,
    /// Closes them at once: the link stays down.
    Refuse,
}

/// A TCP proxy in front of a server: forwards both ways, counts the bytes sent to the server,
/// and cuts the first connection once `cut` bytes were sent through it.
pub struct Proxy {
    pub port: u16,
    /// Bytes sent to the server, all connections together.
    sent: Arc<AtomicU64>,
    cuts: Mutex<Receiver<()>>,
}

impl Proxy {
    pub fn start(upstream: u16, cut: Option<u64>, after: After) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let sent = Arc::new(AtomicU64::new(0));
        let (cut_done, cuts) = channel();
        let counter = sent.clone();
        std::thread::spawn(move || {
            for (n, client) in listener.incoming().enumerate() {
                let Ok(client) = client else { return };
                if n > 0 && cut.is_some() && after == After::Refuse {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let limit = if n == 0 { cut } else { None };
                forward(client, upstream, limit, counter.clone(), cut_done.clone());
            }
        });
        Proxy { port, sent, cuts: Mutex::new(cuts) }
    }

    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }

    /// Waits until the proxy has cut its connection.
    pub fn wait_for_cut(&self) {
        let cuts = self.cuts.lock().unwrap();
        cuts.recv_timeout(Duration::from_secs(120)).expect("the proxy cut the connection");
    }
}

/// Forwards one connection both ways, until either side closes, or `limit` bytes were sent to
/// the server: then both sides are cut, as a dropped link does.
fn forward(client: TcpStream, upstream: u16, limit: Option<u64>, sent: Arc<AtomicU64>, cut_done: Sender<()>) {
    let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
        let _ = client.shutdown(Shutdown::Both);
        return;
    };
    let (client2, server2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut &server2, &mut &client2);
        let _ = client2.shutdown(Shutdown::Write);
    });
    std::thread::spawn(move || {
        let mut buffer = vec![0; 16 * 1024];
        let mut through = 0u64;
        loop {
            let room = limit.map_or(buffer.len() as u64, |limit| (limit - through).min(buffer.len() as u64));
            let n = match (&client).read(&mut buffer[..room as usize]) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if (&server).write_all(&buffer[..n]).is_err() {
                break;
            }
            through += n as u64;
            sent.fetch_add(n as u64, Ordering::SeqCst);
            if limit == Some(through) {
                let _ = client.shutdown(Shutdown::Both);
                let _ = server.shutdown(Shutdown::Both);
                let _ = cut_done.send(());
                return;
            }
        }
        let _ = server.shutdown(Shutdown::Write);
    });
}

/// Every file under `dir` with its bytes, by path relative to it with `/`.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
