//! Settings: defaults, then a TOML file, then `TONLE_*` environment variables (env wins), then
//! command-line flags. Every setting is listed in `SETTINGS`, which the README's table mirrors.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tonle_store::DatabaseTarget;

/// One documented setting.
pub struct SettingDoc {
    pub key: &'static str,
    pub env: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        key: "(flag --data-dir)",
        env: "TONLE_DATA_DIR",
        default: "./tonle-data",
        meaning: "Directory for the SQLite database, keys and backups.",
    },
    SettingDoc {
        key: "(flag --config)",
        env: "TONLE_CONFIG",
        default: "DATA_DIR/tonle.toml if it exists",
        meaning: "The TOML settings file.",
    },
    SettingDoc {
        key: "database_url",
        env: "TONLE_DATABASE_URL",
        default: "sqlite://DATA_DIR/tonle.sqlite3",
        meaning: "postgres://user:password@host:port/db for PostgreSQL.",
    },
    SettingDoc {
        key: "db_max_connections",
        env: "TONLE_DB_MAX_CONNECTIONS",
        default: "8",
        meaning: "Size of the database connection pool.",
    },
    SettingDoc {
        key: "listen",
        env: "TONLE_LISTEN",
        default: "127.0.0.1:8080",
        meaning: "Address and port the web server listens on.",
    },
    SettingDoc {
        key: "log_format",
        env: "TONLE_LOG_FORMAT",
        default: "text",
        meaning: "text, or json for log collectors (also --log-format).",
    },
    SettingDoc {
        key: "log_level",
        env: "TONLE_LOG",
        default: "info",
        meaning: "error, warn, info, debug or trace (or a tracing filter).",
    },
    SettingDoc {
        key: "session_idle_minutes",
        env: "TONLE_SESSION_IDLE_MINUTES",
        default: "30",
        meaning: "Sign a user out after this many minutes without a request.",
    },
    SettingDoc {
        key: "session_absolute_hours",
        env: "TONLE_SESSION_ABSOLUTE_HOURS",
        default: "12",
        meaning: "Sign a user out this many hours after sign-in, active or not.",
    },
    SettingDoc {
        key: "secure_cookies",
        env: "TONLE_SECURE_COOKIES",
        default: "false",
        meaning: "true when users reach Tonle over HTTPS (here or at a proxy): Secure cookies and HSTS.",
    },
    SettingDoc {
        key: "behind_proxy",
        env: "TONLE_BEHIND_PROXY",
        default: "false",
        meaning: "true only when a reverse proxy you run is in front: its X-Forwarded-For gives the client address (audit log, sign-in throttling) and X-Forwarded-Proto: https makes cookies Secure and sends HSTS.",
    },
    SettingDoc {
        key: "tls_cert",
        env: "TONLE_TLS_CERT",
        default: "unset",
        meaning: "Serve HTTPS here: the certificate chain (PEM file). Needs tls_key; turns on Secure cookies and HSTS.",
    },
    SettingDoc {
        key: "tls_key",
        env: "TONLE_TLS_KEY",
        default: "unset",
        meaning: "The private key of tls_cert (PEM file, unencrypted). Readable by Tonle's user only.",
    },
    SettingDoc {
        key: "key_file",
        env: "TONLE_KEY_FILE",
        default: "DATA_DIR/tonle.keys",
        meaning: "The key file that unlocks people's data (`tonle keys init`). Keep it away from the database and its backups.",
    },
    SettingDoc {
        key: "(environment only)",
        env: "TONLE_KEYS",
        default: "unset",
        meaning: "The key file's content itself, for hosts that pass secrets in the environment; wins over key_file.",
    },
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    db_max_connections: Option<u32>,
    listen: Option<String>,
    log_format: Option<String>,
    log_level: Option<String>,
    session_idle_minutes: Option<u32>,
    session_absolute_hours: Option<u32>,
    secure_cookies: Option<bool>,
    behind_proxy: Option<bool>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    key_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub config_file: Option<PathBuf>,
    pub database: DatabaseTarget,
    pub db_max_connections: u32,
    pub listen: SocketAddr,
    pub log_format: LogFormat,
    pub log_level: String,
    pub session_idle_minutes: u32,
    pub session_absolute_hours: u32,
    pub secure_cookies: bool,
    pub behind_proxy: bool,
    /// Built-in HTTPS, when both files are given.
    pub tls: Option<TlsFiles>,
    pub key_file: PathBuf,
    /// The key file's content from `TONLE_KEYS`, when given.
    pub keys_text: Option<String>,
}

/// The certificate chain and private key (PEM files) for built-in HTTPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// A setting that could not be used, as one sentence that says how to fix it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// Where a value came from, for error messages.
fn source(env: &str, file: &Option<PathBuf>) -> String {
    match file {
        Some(f) => format!("{env} (or the same setting in {})", f.display()),
        None => env.to_owned(),
    }
}

impl Settings {
    /// Loads settings. `env` is injected so tests need not touch the process environment.
    pub fn load(
        data_dir: &Path,
        config_flag: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings, ConfigError> {
        let (file, config_file) = read_file(data_dir, config_flag)?;
        // An empty variable counts as unset, as shells and service managers often leave them.
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let pick = |name: &str, from_file: Option<String>| env(name).or(from_file);

        let database = match pick("TONLE_DATABASE_URL", file.database_url) {
            Some(url) if !url.trim().is_empty() => DatabaseTarget::from_url(&url).map_err(|e| {
                ConfigError(format!(
                    "The database URL in {} is not usable: {}. Use postgres://USER:PASSWORD@HOST:PORT/DATABASE or sqlite://PATH.",
                    source("TONLE_DATABASE_URL", &config_file),
                    e.to_string().trim_start_matches("cannot open the database: ")
                ))
            })?,
            _ => DatabaseTarget::sqlite_in(data_dir),
        };
        let listen_text =
            pick("TONLE_LISTEN", file.listen).unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen = parse_listen(&listen_text).ok_or_else(|| {
            ConfigError(format!(
                "The listen address \"{listen_text}\" in {} is not an address and port; write it like 127.0.0.1:8080, 0.0.0.0:80 or localhost:8080.",
                source("TONLE_LISTEN", &config_file)
            ))
        })?;
        let log_format = match pick("TONLE_LOG_FORMAT", file.log_format)
            .as_deref()
            .map(str::trim)
        {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError(format!(
                    "The log format \"{other}\" in {} is not known; use text or json.",
                    source("TONLE_LOG_FORMAT", &config_file)
                )));
            }
        };
        let number =
            |name: &'static str, from_file: Option<u32>, default: u32, min: u32, max: u32| {
                let (value, from) = match env(name) {
                    Some(text) => (
                        text.trim().parse::<u32>().map_err(|_| {
                            ConfigError(format!(
                                "{name} must be a whole number from {min} to {max}, not \"{text}\"."
                            ))
                        })?,
                        name.to_owned(),
                    ),
                    None => match (from_file, &config_file) {
                        (Some(v), Some(path)) => {
                            (v, format!("The setting file {}", path.display()))
                        }
                        _ => (default, name.to_owned()),
                    },
                };
                if value < min || value > max {
                    return Err(ConfigError(format!(
                        "{from} gives {} = {value}; it must be between {min} and {max}.",
                        name.trim_start_matches("TONLE_").to_ascii_lowercase()
                    )));
                }
                Ok(value)
            };
        let flag = |name: &str, from_file: Option<bool>| match env(name) {
            Some(text) => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(true),
                "false" | "0" | "no" => Ok(false),
                _ => Err(ConfigError(format!(
                    "{name} must be true or false, not \"{text}\"."
                ))),
            },
            None => Ok(from_file.unwrap_or(false)),
        };
        let secure_cookies = flag("TONLE_SECURE_COOKIES", file.secure_cookies)?;
        let behind_proxy = flag("TONLE_BEHIND_PROXY", file.behind_proxy)?;
        let tls_path =
            |name: &str, from_file: Option<PathBuf>| env(name).map(PathBuf::from).or(from_file);
        let tls = match (
            tls_path("TONLE_TLS_CERT", file.tls_cert),
            tls_path("TONLE_TLS_KEY", file.tls_key),
        ) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
            (None, None) => None,
            (cert, _) => {
                let (given, missing) = match cert {
                    Some(_) => ("tls_cert", "tls_key (TONLE_TLS_KEY)"),
                    None => ("tls_key", "tls_cert (TONLE_TLS_CERT)"),
                };
                return Err(ConfigError(format!(
                    "Built-in HTTPS needs both a certificate and its key, but only {given} is set; set {missing} too, or neither to serve plain HTTP."
                )));
            }
        };
        let key_file = env("TONLE_KEY_FILE")
            .map(PathBuf::from)
            .or(file.key_file)
            .unwrap_or_else(|| data_dir.join("tonle.keys"));
        let keys_text = env("TONLE_KEYS");
        let log_level = pick("TONLE_LOG", file.log_level).unwrap_or_else(|| "info".into());
        let simple = !log_level.contains(['=', ',', ':']);
        let known = ["error", "warn", "info", "debug", "trace", "off"];
        if simple && !known.contains(&log_level.trim().to_ascii_lowercase().as_str()) {
            return Err(ConfigError(format!(
                "The log level \"{log_level}\" in {} is not known; use error, warn, info, debug or trace.",
                source("TONLE_LOG", &config_file)
            )));
        }
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&log_level) {
            return Err(ConfigError(format!(
                "The log level \"{log_level}\" in {} is not usable ({e}); use error, warn, info, debug or trace.",
                source("TONLE_LOG", &config_file)
            )));
        }
        Ok(Settings {
            data_dir: data_dir.to_owned(),
            database,
            db_max_connections: number(
                "TONLE_DB_MAX_CONNECTIONS",
                file.db_max_connections,
                8,
                1,
                200,
            )?,
            listen,
            log_format,
            log_level,
            session_idle_minutes: number(
                "TONLE_SESSION_IDLE_MINUTES",
                file.session_idle_minutes,
                30,
                1,
                24 * 60,
            )?,
            session_absolute_hours: number(
                "TONLE_SESSION_ABSOLUTE_HOURS",
                file.session_absolute_hours,
                12,
                1,
                24 * 30,
            )?,
            secure_cookies,
            behind_proxy,
            tls,
            key_file,
            keys_text,
            config_file,
        })
    }
}

/// `127.0.0.1:8080`, `[::]:80`, or a host name such as `localhost:8080` (first address).
pub fn parse_listen(text: &str) -> Option<SocketAddr> {
    use std::net::ToSocketAddrs;
    let text = text.trim();
    text.parse()
        .ok()
        .or_else(|| text.to_socket_addrs().ok()?.next())
}

fn read_file(
    data_dir: &Path,
    flag: Option<&Path>,
) -> Result<(FileSettings, Option<PathBuf>), ConfigError> {
    let path = match flag {
        Some(p) => {
            if !p.is_file() {
                return Err(ConfigError(format!(
                    "The settings file {} does not exist; check the --config path or TONLE_CONFIG.",
                    p.display()
                )));
            }
            p.to_owned()
        }
        None => {
            let default = data_dir.join("tonle.toml");
            if !default.is_file() {
                return Ok((FileSettings::default(), None));
            }
            default
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ConfigError(format!(
            "The settings file {} cannot be read ({e}).",
            path.display()
        ))
    })?;
    let parsed: FileSettings = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
            .map(|n| format!(" at line {n}"))
            .unwrap_or_default();
        ConfigError(format!(
            "The settings file {} is not valid{line}: {}",
            path.display(),
            e.message().trim_end_matches('\n')
        ))
    })?;
    Ok((parsed, Some(path)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(dir: &Path, vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::load(dir, None, &|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_use_sqlite_in_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let s = load(dir.path(), &[]).unwrap();
        assert_eq!(s.database, DatabaseTarget::sqlite_in(dir.path()));
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.session_idle_minutes, 30);
        assert!(!s.secure_cookies);
    }

    #[test]
    fn env_wins_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("tonle.toml"),
            "listen = \"0.0.0.0:9000\"\nsession_idle_minutes = 15\n",
        )
        .unwrap();
        let s = load(dir.path(), &[]).unwrap();
        assert_eq!((s.listen.port(), s.session_idle_minutes), (9000, 15));
        let s = load(dir.path(), &[("TONLE_LISTEN", "127.0.0.1:9100")]).unwrap();
        assert_eq!((s.listen.port(), s.session_idle_minutes), (9100, 15));
    }

    #[test]
    fn bad_values_say_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let e = load(dir.path(), &[("TONLE_LISTEN", "localhost")])
            .unwrap_err()
            .0;
        assert!(e.contains("127.0.0.1:8080"), "{e}");
        let e = load(dir.path(), &[("TONLE_SESSION_IDLE_MINUTES", "abc")])
            .unwrap_err()
            .0;
        assert!(e.contains("whole number"), "{e}");
        let e = load(dir.path(), &[("TONLE_DATABASE_URL", "mysql://x")])
            .unwrap_err()
            .0;
        assert!(e.contains("postgres://"), "{e}");
        let e = load(dir.path(), &[("TONLE_LOG_FORMAT", "xml")])
            .unwrap_err()
            .0;
        assert!(e.contains("text or json"), "{e}");
        std::fs::write(dir.path().join("tonle.toml"), "session_idle_minutes = 0\n").unwrap();
        let e = load(dir.path(), &[]).unwrap_err().0;
        assert!(
            e.contains("tonle.toml") && e.contains("session_idle_minutes = 0"),
            "{e}"
        );
        std::fs::write(
            dir.path().join("tonle.toml"),
            "listen = \"x:1\"\n\nlisen = 1\n",
        )
        .unwrap();
        let e = load(dir.path(), &[]).unwrap_err().0;
        assert!(
            e.contains("tonle.toml") && e.contains("lisen") && e.contains("line 3"),
            "{e}"
        );
        let e = Settings::load(dir.path(), Some(Path::new("/nonexistent/x.toml")), &|_| {
            None
        })
        .unwrap_err()
        .0;
        assert!(e.contains("does not exist"), "{e}");
    }

    #[test]
    fn tls_needs_both_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path(), &[]).unwrap().tls, None);
        let e = load(dir.path(), &[("TONLE_TLS_CERT", "/x/cert.pem")])
            .unwrap_err()
            .0;
        assert!(
            e.contains("only tls_cert") && e.contains("TONLE_TLS_KEY"),
            "{e}"
        );
        std::fs::write(dir.path().join("tonle.toml"), "tls_key = \"/x/key.pem\"\n").unwrap();
        let e = load(dir.path(), &[]).unwrap_err().0;
        assert!(e.contains("only tls_key"), "{e}");
        let s = load(dir.path(), &[("TONLE_TLS_CERT", "/x/cert.pem")]).unwrap();
        assert_eq!(
            s.tls,
            Some(TlsFiles {
                cert: "/x/cert.pem".into(),
                key: "/x/key.pem".into()
            })
        );
    }

    #[test]
    fn readme_documents_every_setting() {
        let readme = include_str!("../../../README.md");
        for s in SETTINGS {
            assert!(readme.contains(s.env), "README.md lacks {}", s.env);
        }
    }
}
