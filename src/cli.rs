//! The command line, defined with clap and turned into plain `Options`.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// When to use colour and styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// When the output is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// What folio should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The interactive reader.
    Interactive,
    /// One line per article: date, source, title, path.
    List,
    /// Articles rendered as the reading pane shows them.
    Print,
    /// JSON Lines, one object per article.
    Json,
    /// Full-text search: `count<TAB>title<TAB>path` per matching article.
    Search { query: String, regex: bool },
    /// Build or update the full-text index, then exit.
    Index,
    /// Print the commented default config.
    DefaultConfig,
    /// Print a shell completion script.
    Completions(clap_complete::Shell),
    /// Print the manual page (roff).
    Man,
}

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub mode: Mode,
    pub width: Option<u16>,
    pub color: ColorChoice,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--ascii`: draw without box-drawing characters.
    pub ascii: bool,
    /// `--mouse`: take mouse input.
    pub mouse: bool,
    /// `--cursor`: keep the terminal's cursor on the selection.
    pub cursor: bool,
}

// The flags are clap's: one bool per switch is how clap declares them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Parser)]
#[command(
    name = "folio",
    version,
    about = "A terminal reader for archived news",
    long_about = "A terminal reader for archived news.\n\n\
        Opens article files (a file, a directory tree, or a pipe) into a list and a \
        reading pane. With no PATH, opens the built-in sample archive.",
    after_help = "Inside folio, press ? for the keys."
)]
struct Cli {
    /// Article files or directories (searched recursively); `-` reads standard input
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Print one line per article: date, source, title and path, tab-separated
    #[arg(long, group = "mode")]
    list: bool,

    /// Print articles as the reading pane shows them
    #[arg(long, group = "mode")]
    print: bool,

    /// Print one JSON object per article (JSON Lines)
    #[arg(long, group = "mode")]
    json: bool,

    /// Search the full text of every article; print count, title and path of each match
    #[arg(long, value_name = "QUERY", group = "mode")]
    search: Option<String>,

    /// Build the full-text index of the archive, or bring it up to date, and exit.
    /// With it, --search (and F inside folio) match words, ranked by relevance;
    /// "quoted words" are a phrase. Queries with capitals, regular expressions
    /// and archives the index does not cover are searched by reading the files
    #[arg(long, group = "mode")]
    index: bool,

    /// With --search: QUERY is a regular expression (default: literal text)
    #[arg(long, requires = "search")]
    regex: bool,

    /// Width for --print, in columns (default: the terminal's, at most 80)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    width: Option<u16>,

    /// When to use colour and styles
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Read the config from FILE (default: `$FOLIO_CONFIG`, else
    /// `$XDG_CONFIG_HOME/folio/config.toml`)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Draw borders and marks with ASCII only
    #[arg(long)]
    ascii: bool,

    /// Take mouse input: the wheel scrolls, a click selects
    #[arg(long)]
    mouse: bool,

    /// Keep the terminal's cursor on the selected row or current match (for
    /// screen readers and magnifiers)
    #[arg(long)]
    cursor: bool,

    /// Print the default config, every setting commented, and exit
    #[arg(long, group = "mode")]
    default_config: bool,

    /// Print a completion script for SHELL and exit
    #[arg(long, value_name = "SHELL", group = "mode")]
    completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff) and exit
    #[arg(long, group = "mode")]
    man: bool,
}

impl Options {
    /// Parses the process arguments; exits with status 2 and a usage message when
    /// they are wrong (clap's behaviour).
    pub fn from_args() -> Options {
        Options::from_cli(Cli::parse())
    }

    /// Parses an explicit argument list (for tests).
    pub fn try_parse_from<I, T>(args: I) -> Result<Options, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        Cli::try_parse_from(args).map(Options::from_cli)
    }

    fn from_cli(cli: Cli) -> Options {
        let mode = if cli.default_config {
            Mode::DefaultConfig
        } else if let Some(shell) = cli.completions {
            Mode::Completions(shell)
        } else if cli.man {
            Mode::Man
        } else if cli.list {
            Mode::List
        } else if cli.print {
            Mode::Print
        } else if cli.json {
            Mode::Json
        } else if cli.index {
            Mode::Index
        } else if let Some(query) = cli.search {
            Mode::Search {
                query,
                regex: cli.regex,
            }
        } else {
            Mode::Interactive
        };
        Options {
            paths: cli.paths,
            mode,
            width: cli.width,
            color: cli.color,
            config: cli.config,
            ascii: cli.ascii,
            mouse: cli.mouse,
            cursor: cli.cursor,
        }
    }
}

/// Writes a completion script for `shell`.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut Cli::command(), "folio", out);
}

/// Writes the manual page.
pub fn write_man(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory;
    clap_mangen::Man::new(Cli::command()).render(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_are_exclusive() {
        assert!(Options::try_parse_from(["folio", "--list", "--json"]).is_err());
        let o = Options::try_parse_from(["folio", "--print", "--width", "60", "a"]).unwrap();
        assert_eq!(o.mode, Mode::Print);
        assert_eq!(o.width, Some(60));
        assert_eq!(o.paths, [PathBuf::from("a")]);
    }

    #[test]
    fn search_takes_a_query_and_regex_needs_it() {
        let o =
            Options::try_parse_from(["folio", "--search", "harbour", "--regex", "dir"]).unwrap();
        assert_eq!(
            o.mode,
            Mode::Search {
                query: "harbour".into(),
                regex: true
            }
        );
        assert!(Options::try_parse_from(["folio", "--regex"]).is_err());
        assert!(Options::try_parse_from(["folio", "--search", "a", "--json"]).is_err());
    }

    #[test]
    fn width_must_be_positive() {
        assert!(Options::try_parse_from(["folio", "--width", "0"]).is_err());
    }

    #[test]
    fn definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
