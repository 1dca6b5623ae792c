//! The `quotecheck` binary: parses arguments, runs the library, picks a printer, sets the exit
//! code. Everything else lives in the library.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use quotecheck::diagnostics::Severity;
use quotecheck::findings::Level;
use quotecheck::report::{Format, PrintOptions, Report, View, printer_for};
use quotecheck::review::{self, Baseline, BaselineEntry, Review};
use quotecheck::{Analysis, Progress, config, exit};

const EXIT_CODES: &str = "\
Exit codes:
  0    clean: nothing at or above --fail-on, every input read
  1    findings at or above --fail-on
  2    a usage error, a missing PATH, or a file that could not be read
  130  interrupted (Ctrl-C): no report, baseline or cache file is left half-written
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
        "  quotecheck check --format json > report.json\n",
        "  quotecheck check --format html --output report.html      # for editors\n",
        "  quotecheck check --format github --changed-since origin/main\n",
        "  quotecheck check --write-baseline baseline.json           # accept today's findings\n",
        "  quotecheck check --baseline baseline.json --format sarif -o quotecheck.sarif\n\n",
        "Exit codes:\n",
        "  0  clean   1  findings at or above --fail-on   2  usage error or unreadable input\n",
        "  130  interrupted (Ctrl-C)"
    ))]
    Check(CheckArgs),
    /// List every quotation found, one a line (path:line:col  kind  text).
    #[command(after_help = concat!(
        "Examples:\n",
        "  quotecheck quotes corpus/\n",
        "  quotecheck quotes --format jsonl corpus/ | jq .text\n",
        "  quotecheck quotes -v article.txt   # also list skipped files and rejected quotes\n\n",
        "Exit codes:\n",
        "  0  every input read   2  usage error or unreadable input   130  interrupted"
    ))]
    Quotes(QuotesArgs),
    /// List each speaker: quotes, articles, and the names and roles the articles use.
    #[command(after_help = concat!(
        "Examples:\n",
        "  quotecheck speakers corpus/\n",
        "  quotecheck speakers --format json corpus/\n\n",
        "Exit codes:\n",
        "  0  every input read   2  usage or config error, or unreadable input   130  interrupted"
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
    /// Write the report to FILE (atomically: a temporary file, then renamed) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core). The output is the same whatever the number.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Scan every file again instead of reusing what the cache holds for unchanged ones (the
    /// cache is not written either).
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
    /// Keep the cache in DIR instead of .quotecheck_cache in the working directory.
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Print how long each stage took on stderr.
    #[arg(long)]
    timings: bool,
    /// Colour in the terminal report: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// With --format github: at most N annotations; a closing line counts the rest.
    #[arg(long, value_name = "N", default_value_t = 50)]
    max_annotations: usize,
    /// With --format html: link articles under this URL (a report published elsewhere)
    /// instead of by paths relative to the report.
    #[arg(long, value_name = "URL")]
    link_base: Option<String>,
    /// Report only findings not recorded in this baseline file; list its stale entries.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings (by fingerprint) in FILE, as the baseline to check against.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Report only findings with a version in a file changed since this git revision (or not
    /// yet tracked); the whole corpus is still read and matched.
    #[arg(long, value_name = "REV", conflicts_with = "files_from")]
    changed_since: Option<String>,
    /// Report only findings with a version in one of the files listed in FILE (`-`: stdin),
    /// one a line.
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
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
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

/// The formats of the listing commands (the report formats are for `check`).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    Human,
    Json,
    Jsonl,
}

impl ListFormat {
    fn format(self) -> Format {
        match self {
            Self::Human => Format::Human,
            Self::Json => Format::Json,
            Self::Jsonl => Format::Jsonl,
        }
    }
}

/// mimalloc: a run makes millions of small strings and vectors, and glibc's malloc spent a
/// seventh of the instructions on them (`bench/e2e.sh` in the README has the figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_e` of mimalloc.h (v3, as
/// libmimalloc-sys 0.1.49 builds it; the crate names only the older options). Check it there
/// when mimalloc is upgraded.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// How long freed memory stays unused before mimalloc hands it back to the kernel.
const MI_PURGE_DELAY_MS: std::ffi::c_long = 250;

fn main() -> ExitCode {
    // Transparent huge pages off for this process: mimalloc's arenas are aligned for them, and
    // the kernel zeroing 2 MB pages on first touch cost more system time than the allocator
    // saved (where THP is "always", as on our CI machines).
    // SAFETY: PR_SET_THP_DISABLE takes no pointers; it only changes this process's paging.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // Freed memory is handed back to the kernel after a quarter of a second unused, not after
    // mimalloc's 10 ms: a run frees and makes gigabytes of short-lived strings at 100,000
    // articles, and faulting their pages in again cost half its system time at 10 ms. Never
    // handing it back (-1) kept what one stage freed (the bigram index) resident through the
    // next: 90 MB more peak at 100,000 articles, for no time saved (bench/e2e.sh).
    // SAFETY: setting an option takes no pointers and happens before any other thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, MI_PURGE_DELAY_MS);
    }
    // Ctrl-C: the temporary files of unfinished writes go, and the run ends at once.
    let _ = ctrlc::set_handler(|| {
        let _held = quotecheck::remove_unfinished_files();
        eprintln!("quotecheck: interrupted; nothing was written");
        std::process::exit(i32::from(exit::INTERRUPTED));
    });
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
        Command::Quotes(args) => (&args.common, args.format.format(), View::Quotes),
        Command::Speakers(args) => (&args.common, args.format.format(), View::Speakers),
        Command::Config(args) => return show_config(args),
    };
    match run(&cli.command, common, format, view) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("quotecheck: {message}");
            ExitCode::from(exit::ERROR)
        }
    }
}

/// Runs a listing or checking command; `Err` is a message for a problem that stops the run.
fn run(command: &Command, common: &Common, format: Format, view: View) -> Result<u8, String> {
    let loaded = config::load(
        common.config.as_deref(),
        common.paths.first().map(PathBuf::as_path),
    )
    .map_err(|e| e.to_string())?;
    let config_name = loaded.source.as_ref().map_or_else(
        || config::CONFIG_FILE_NAME.to_string(),
        |p| p.display().to_string(),
    );
    let mut judging = loaded
        .config
        .judging(&config_name)
        .map_err(|e| e.to_string())?;
    let check = match command {
        Command::Check(args) => Some(args),
        _ => None,
    };
    // Problems with the review's inputs are found before the corpus is read.
    let mut review = Review {
        accepted_fingerprints: loaded
            .config
            .accept
            .iter()
            .map(|a| (a.fingerprint.clone(), a.reason.clone()))
            .collect(),
        config_name,
        ..Review::default()
    };
    if let Some(args) = check {
        judging.all_pairs = args.all_pairs;
        if let Some(path) = &args.baseline {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: could not read the baseline: {e}", path.display()))?;
            review.baseline = Some(Baseline::parse(&text, &path.display().to_string())?);
        }
        if let Some(revision) = &args.changed_since {
            review.changed = Some(review::changed_since(revision)?);
        }
        if let Some(list) = &args.files_from {
            let text = if list.as_os_str() == "-" {
                io::read_to_string(io::stdin())
            } else {
                std::fs::read_to_string(list)
            }
            .map_err(|e| format!("{}: could not read the file list: {e}", list.display()))?;
            review.changed = Some(review::files_listed(&text));
        }
    }
    if let Some(threads) = common.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| format!("could not start {threads} threads: {e}"))?;
    }
    let bar = progress_bar(common);
    let cache = (!common.no_cache).then(|| {
        let folder = common
            .cache_dir
            .clone()
            .unwrap_or_else(quotecheck::cache::default_folder);
        quotecheck::cache::Cache::open(&folder, &loaded.config.to_toml())
    });
    let mut analysis =
        quotecheck::analyze_observed(&common.paths, &loaded.config, &judging, cache, &|p| {
            if let Some(bar) = &bar {
                match p {
                    Progress::Read { done, total } => {
                        bar.set_length(total as u64);
                        bar.set_position(done as u64);
                    }
                    Progress::Matching => bar.set_message("matching quotes"),
                }
            }
        });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    report_to_stderr(&analysis, common, format);
    let mut fail_on = check.and_then(|args| {
        if args.exit_zero {
            None
        } else {
            args.fail_on.level()
        }
    });
    if let Some(path) = check.and_then(|args| args.write_baseline.as_ref()) {
        let baseline = Baseline {
            version: review::BASELINE_VERSION,
            findings: quotecheck::report::findings(&analysis)
                .iter()
                .map(|f| BaselineEntry {
                    fingerprint: f.fingerprint.to_string(),
                    severity: f.severity,
                    quote: f.quote.to_string(),
                    reference: f.reference.to_string(),
                    message: f.message.clone(),
                })
                .collect(),
        };
        let json = serde_json::to_string_pretty(&baseline).expect("a baseline serialises");
        quotecheck::write_atomically(path, format!("{json}\n").as_bytes())
            .map_err(|e| format!("{}: could not write the baseline: {e}", path.display()))?;
        if !common.quiet {
            eprintln!(
                "quotecheck: recorded {} findings in {}",
                baseline.findings.len(),
                path.display()
            );
        }
        // Recording the findings is the point of this run: they do not fail it.
        fail_on = None;
    }
    if check.is_some() {
        review::apply(&mut analysis, &review);
    }
    // The report borrows the analysis; the last stages are timed beside it.
    let mut timings = std::mem::take(&mut analysis.timings);
    timings.lap("review");
    // Only the HTML report lays the versions out in alignment tables.
    let report = Report::build_with(&analysis, format == Format::Html);
    timings.lap("report");
    let to_terminal = common.output.is_none() && io::stdout().is_terminal();
    let options = PrintOptions {
        color: match common.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        },
        max_annotations: check.map_or(50, |args| args.max_annotations),
        link_base: check.and_then(|args| args.link_base.clone()),
        links_from: common
            .output
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf)),
    };
    let printer = printer_for(format, &options);
    match &common.output {
        Some(path) => {
            quotecheck::write_atomically_with(path, |out| printer.print(&report, view, out))
                .map_err(|e| format!("{}: could not write the report: {e}", path.display()))?;
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let printed = printer
                .print(&report, view, &mut out)
                .and_then(|()| out.flush());
            if let Err(error) = printed
                && error.kind() != io::ErrorKind::BrokenPipe
            {
                return Err(format!("could not write the report: {error}"));
            }
        }
    }
    timings.lap("print");
    if common.timings {
        for stage in &timings.stages {
            let processor = stage
                .processor
                .map(|time| format!(" ({:.3} s processor)", time.as_secs_f64()))
                .unwrap_or_default();
            let resident = stage
                .resident
                .map(|bytes| format!(", {} MB resident", bytes / 1_000_000))
                .unwrap_or_default();
            eprintln!(
                "quotecheck: {}: {:.3} s{processor}{resident}",
                stage.stage,
                stage.took.as_secs_f64()
            );
        }
    }
    let code = analysis.exit_code(fail_on);
    // The process ends here: freeing a large corpus's millions of allocations one by one would
    // take as long as printing its report, and the OS takes the memory back at once.
    std::mem::forget(report);
    std::mem::forget(analysis);
    Ok(code)
}

/// A progress bar on stderr for a run long enough to want one, when stderr is a terminal.
fn progress_bar(common: &Common) -> Option<indicatif::ProgressBar> {
    if common.quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {msg}")
            .expect("a valid progress template"),
    );
    // Short runs finish before the bar would be drawn.
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
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
    if let Some(error) = &analysis.cache.write_error {
        let _ = writeln!(
            err,
            "quotecheck: warning: could not write the cache: {error}; the next run will scan \
             every file again (--cache-dir DIR puts it elsewhere, --no-cache turns it off)"
        );
    }
    if let Some(error) = &analysis.cache.matching_write_error {
        let _ = writeln!(
            err,
            "quotecheck: warning: could not write the cache's memo of matching: {error}; the \
             next run will match and judge again even if no quote changed (--cache-dir DIR puts \
             the cache elsewhere, --no-cache turns it off)"
        );
    }
    if common.verbose && !common.no_cache {
        let stats = &analysis.cache;
        let _ = writeln!(
            err,
            "quotecheck: cache: {} files reused, {} scanned{}{}{}; {}",
            stats.hits,
            stats.misses + stats.corrupt,
            if stats.corrupt > 0 {
                format!(" ({} corrupt entries rebuilt)", stats.corrupt)
            } else {
                String::new()
            },
            if stats.foreign {
                " (the cache was written by another version or configuration)"
            } else {
                ""
            },
            if stats.damaged {
                " (the cache file was damaged and is rebuilt)"
            } else {
                ""
            },
            match stats.matching {
                quotecheck::memo::Use::Reused => {
                    "matching and judging reused (no quote, speaker or cue changed)".to_string()
                }
                quotecheck::memo::Use::Updated {
                    regrouped,
                    versions,
                } => format!(
                    "matching and judging done again for the {regrouped} of {versions} quotes \
                     the changes could touch, the rest reused"
                ),
                quotecheck::memo::Use::Damaged => {
                    "matching and judging done again (their cache file was damaged and is rebuilt)"
                        .to_string()
                }
                quotecheck::memo::Use::Made | quotecheck::memo::Use::None => {
                    "matching and judging done again".to_string()
                }
            }
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
