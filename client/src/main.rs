//! `sigil`: the command-line client of the Sigil chain. It keeps the owner's private key ring (encrypted with the
//! owner's passphrase) and does every journey of the chain with it: identity and keys, encrypted and signed
//! messages, signed documents, owner trust, micropayment coins, and a live view of events.

mod chain;
mod commands;
mod keyring;
mod output;
mod passphrase;
mod resolve;
mod seal;
mod wallet;

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};

use crate::{commands::*, output::Output};

/// The Sigil chain's client: your key ring, identity, messages, documents, trust and coins.
#[derive(Parser)]
#[command(name = "sigil", version, about, long_about = None)]
struct Cli {
	/// The node to talk to.
	#[arg(long, global = true, env = "SIGIL_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The key ring file (default: $SIGIL_KEYRING, or sigil/keyring in the user's data directory).
	#[arg(long, global = true)]
	keyring: Option<PathBuf>,
	/// Print JSON for scripts instead of text (one JSON document; `watch` prints one JSON line per event).
	#[arg(long, global = true)]
	json: bool,
	/// Let an email address name an account whose claim no consortium member has verified (a squatter may hold an
	/// unverified claim): for sending, paying, trusting and proposing. Lookups always accept them and say so.
	#[arg(long, global = true)]
	accept_unverified_email: bool,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Create your key ring: a new account (or one from your BIP-39 words with --import), encrypted with a passphrase.
	Init(keyring_cmd::InitArgs),
	/// Back up, restore or re-encrypt the key ring, or list what it holds.
	#[command(subcommand)]
	Keyring(keyring_cmd::KeyringCommand),
	/// Your account: address and balance.
	Account,
	/// Send tokens to an account (to fund a new user, for example).
	Transfer(identity::TransferArgs),
	/// Register your identity: a display name and the hash of your email address.
	Register(identity::RegisterArgs),
	/// Show an identity: by account, email address or key id.
	Whois(identity::WhoisArgs),
	/// Add, revoke or list ring keys.
	#[command(subcommand)]
	Key(identity::KeyCommand),
	/// Erase your identity from the chain and get its deposits back. Keys are revoked; history stays.
	Forget,
	/// Send an encrypted, signed message.
	Send(messages::SendArgs),
	/// Your inbox: verified and unverified messages, decrypted, each numbered by its position (#N).
	Inbox(messages::InboxArgs),
	/// Read one message of your inbox by its position (or one you sent by its counter, with --sent).
	Read(messages::ReadArgs),
	/// Remove a message from your inbox by its position (its sender owes its deposit no more).
	Clear(messages::ClearArgs),
	/// Keep AMOUNT SGL held in advance for the deposits of the messages you send.
	///
	/// Sends the advance covers, and clears within it, move no funds and cost less. What your stored messages owe
	/// stays held whatever the advance; 0 releases the rest.
	Advance(messages::AdvanceArgs),
	/// Sign and verify documents.
	#[command(subcommand)]
	Doc(documents::DocCommand),
	/// Set and show owner trust.
	#[command(subcommand)]
	Trust(trust::TrustCommand),
	/// Micropayment coins: buy, pay on line or off line, claim, reissue, redeem.
	#[command(subcommand)]
	Coin(coins::CoinCommand),
	/// Follow finalized events until interrupted.
	Watch(watch::WatchArgs),
	/// For consortium members: admit and revoke accounts within your quota.
	#[command(subcommand)]
	Member(governance::MemberCommand),
	/// For consortium members: propose, vote on and close governance motions.
	#[command(subcommand)]
	Motion(governance::MotionCommand),
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	let out = Output::new(cli.json);
	let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
		Ok(runtime) => runtime,
		Err(error) => {
			eprintln!("sigil: cannot start: {error}");
			return ExitCode::FAILURE;
		}
	};
	match runtime.block_on(run(cli, &out)) {
		Ok(()) => ExitCode::SUCCESS,
		// The command printed its result (the double-spend proof); the exit status tells scripts it was no payment.
		Err(error) if error.is::<coins::DoubleSpent>() => {
			eprintln!("sigil: {error}");
			ExitCode::from(3)
		}
		// The command printed its verdict; the exit status tells scripts the signature is not valid.
		Err(error) if error.is::<documents::NotValid>() => {
			eprintln!("sigil: {error}");
			ExitCode::FAILURE
		}
		Err(error) => {
			out.error(&error);
			ExitCode::FAILURE
		}
	}
}

async fn run(cli: Cli, out: &Output) -> anyhow::Result<()> {
	let ctx = Context::new(cli.url, cli.keyring, out.clone(), cli.accept_unverified_email)?;
	match cli.command {
		Command::Init(args) => keyring_cmd::init(&ctx, args),
		Command::Keyring(command) => keyring_cmd::run(&ctx, command),
		Command::Account => identity::account(&ctx).await,
		Command::Transfer(args) => identity::transfer(&ctx, args).await,
		Command::Register(args) => identity::register(&ctx, args).await,
		Command::Whois(args) => identity::whois(&ctx, args).await,
		Command::Key(command) => identity::key(&ctx, command).await,
		Command::Forget => identity::forget(&ctx).await,
		Command::Send(args) => messages::send(&ctx, args).await,
		Command::Inbox(args) => messages::inbox(&ctx, args).await,
		Command::Read(args) => messages::read(&ctx, args).await,
		Command::Clear(args) => messages::clear(&ctx, args).await,
		Command::Advance(args) => messages::advance(&ctx, args).await,
		Command::Doc(command) => documents::run(&ctx, command).await,
		Command::Trust(command) => trust::run(&ctx, command).await,
		Command::Coin(command) => coins::run(&ctx, command).await,
		Command::Watch(args) => watch::run(&ctx, args).await,
		Command::Member(command) => governance::member(&ctx, command).await,
		Command::Motion(command) => governance::motion(&ctx, command).await,
	}
}
