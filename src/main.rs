//! The `quotecheck` binary: parses arguments, runs the library, picks a printer, sets the exit
//! code. Everything else lives in the library.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use quotecheck::diagnostics::Severity;
use quotecheck::findings::Level;
use quotecheck::report::{Format, Report, View, printer_for};
use quotecheck::{Analysis, config, exit};

const EXIT_CODES: &str = "\
Exit codes:
  0  clean: nothing at or above --fail-on, every input read
  1  findings at or above --fail-on
  2  a usage error, a missing PATH, or a file that could not be read
Warnings (recovered quotation marks, replaced bytes) never change the exit code.";

#[derive(Parser)]
#[command(
    name = "quotecheck",
    version,
    about = "Find the quotations in a corpus of news articles and check how the same words are rendered across articles",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a corpus: report diverging renderings of the same utterance.
    #[command(after_help = concat!(
        "Examples:\n",
        "  quotecheck check                         # the corpus/ folder\n",
        "  quotecheck check articles/ drafts/a.txt  # folders and files\n",
        "  quotecheck check --format json > report.json\n\n",
        "Exit codes:\n",
        "  0  clean   1  findings at or above --fail-on   2  usage error or unreadable input"
    ))]
    Check(CheckArgs),
    /// List every quotation found, one a line (path:line:col  kind  text).
    #[command(after_help = concat!(
        "Examples:\n",
        "  quotecheck quotes corpus/\n",
        "  quotecheck quotes --format jsonl corpus/ | jq .text\n",
        "  quotecheck quotes -v article.txt   # also list skipped files and rejected quotes\n\n",
        "Exit codes:\n",
        "  0  every input read   2  usage error or unreadable input"
    ))]
    Quotes(QuotesArgs),
    /// List each speaker: quotes, articles, and the names and roles the articles use.
    #[command(after_help = concat!(
        "Examples:\n",
        "  quotecheck speakers corpus/\n",
        "  quotecheck speakers --format json corpus/\n\n",
        "Exit codes:\n",
        "  0  every input read   2  usage or config error, or unreadable input"
    ))]
    Speakers(QuotesArgs),
    /// Show the configuration in effect (quotecheck.toml).
    #[command(after_help = concat!(
        "Examples:\n",
        "  quotecheck config --dump            # the effective configuration as TOML\n",
        "  quotecheck config --dump --config ci/quotecheck.toml\n\n",
        "quotecheck.toml is looked for in the first PATH's folder and its parents.\n\n",
        "Exit codes:\n",
        "  0  printed   2  the configuration could not be read or has unknown keys"
    ))]
    Config(ConfigArgs),
}

#[derive(Args)]
struct ConfigArgs {
    /// Print the effective configuration as TOML.
    #[arg(long)]
    dump: bool,
    /// Read this configuration file instead of looking for quotecheck.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where to start looking for quotecheck.toml.
    #[arg(value_name = "PATH", default_value = "corpus")]
    path: PathBuf,
}

#[derive(Args)]
struct Common {
    /// Files and folders to read; folders are walked, honouring .gitignore.
    #[arg(value_name = "PATH", default_value = "corpus")]
    paths: Vec<PathBuf>,
    /// Also list skipped files and quoted words judged not to be quotations, with the reason.
    #[arg(short, long)]
    verbose: bool,
    /// Print no diagnostics on stderr (they stay in the JSON report).
    #[arg(short, long)]
    quiet: bool,
    /// Read this configuration file instead of looking for quotecheck.toml upwards from the
    /// first PATH.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest finding severity that fails the run (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Findings never fail the run (unreadable input still exits 2).
    #[arg(long)]
    exit_zero: bool,
    /// Compare every pair of versions in a group, not only each against the reference (groups
    /// of up to five members get every pair anyway).
    #[arg(long)]
    all_pairs: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

impl FailOn {
    fn level(self) -> Option<Level> {
        match self {
            Self::Error => Some(Level::Error),
            Self::Warning => Some(Level::Warning),
            Self::Note => Some(Level::Note),
            Self::Never => None,
        }
    }
}

#[derive(Args)]
struct QuotesArgs {
    #[command(flatten)]
    common: Common,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let usage_error = error.use_stderr();
            let _ = error.print();
            return ExitCode::from(if usage_error {
                exit::ERROR
            } else {
                exit::CLEAN
            });
        }
    };
    let (common, format, view) = match &cli.command {
        Command::Check(args) => (&args.common, args.format, View::Check),
        Command::Quotes(args) => (&args.common, args.format, View::Quotes),
        Command::Speakers(args) => (&args.common, args.format, View::Speakers),
        Command::Config(args) => return show_config(args),
    };
    let loaded = config::load(
        common.config.as_deref(),
        common.paths.first().map(PathBuf::as_path),
    );
    let judged = loaded.and_then(|loaded| {
        let shown = loaded.source.as_ref().map_or_else(
            || config::CONFIG_FILE_NAME.to_string(),
            |p| p.display().to_string(),
        );
        let judging = loaded.config.judging(&shown)?;
        Ok((loaded.config, judging))
    });
    let (config, mut judging) = match judged {
        Ok(found) => found,
        Err(error) => {
            eprintln!("quotecheck: {error}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let fail_on = match &cli.command {
        Command::Check(args) => {
            judging.all_pairs = args.all_pairs;
            if args.exit_zero {
                None
            } else {
                args.fail_on.level()
            }
        }
        _ => None,
    };
    let analysis = quotecheck::analyze_with(&common.paths, &config, &judging);
    report_to_stderr(&analysis, common, format);
    let report = Report::build(&analysis);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let color = std::io::IsTerminal::is_terminal(&io::stdout())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let printed = printer_for(format, color)
        .print(&report, view, &mut out)
        .and_then(|()| out.flush());
    if let Err(error) = printed
        && error.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("quotecheck: could not write the report: {error}");
        return ExitCode::from(exit::ERROR);
    }
    ExitCode::from(analysis.exit_code(fail_on))
}

fn show_config(args: &ConfigArgs) -> ExitCode {
    match config::load(args.config.as_deref(), Some(&args.path)) {
        Ok(loaded) => {
            let source = loaded
                .source
                .map_or("defaults (no quotecheck.toml found)".to_string(), |p| {
                    p.display().to_string()
                });
            if args.dump {
                println!("# from {source}\n{}", loaded.config.to_toml());
            } else {
                println!("configuration: {source}");
            }
            ExitCode::from(exit::CLEAN)
        }
        Err(error) => {
            eprintln!("quotecheck: {error}");
            ExitCode::from(exit::ERROR)
        }
    }
}

/// Diagnostics (and with `--verbose`, what was skipped) on stderr, so stdout stays the report.
/// In machine formats only errors are repeated there; warnings are in the report.
fn report_to_stderr(analysis: &Analysis, common: &Common, format: Format) {
    if common.quiet {
        return;
    }
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for diagnostic in &analysis.diagnostics {
        if format != Format::Human && diagnostic.severity != Severity::Error {
            continue;
        }
        let position = match (diagnostic.line, diagnostic.column) {
            (Some(line), Some(column)) => format!(":{line}:{column}"),
            _ => String::new(),
        };
        let _ = writeln!(
            err,
            "{}{}: {}: {}",
            diagnostic.path,
            position,
            diagnostic.severity.as_str(),
            diagnostic.message
        );
    }
    if common.verbose {
        for skipped in &analysis.skipped {
            let _ = writeln!(err, "{}: skipped: {}", skipped.path, skipped.reason);
        }
        for (doc, rejected) in analysis.rejected() {
            let (line, column) = doc.line_col(rejected.span.start);
            let words = &doc.text[rejected.span.clone()];
            let _ = writeln!(
                err,
                "{}:{line}:{column}: not a quote: {words:?}: {}",
                doc.path, rejected.reason
            );
        }
    }
}
