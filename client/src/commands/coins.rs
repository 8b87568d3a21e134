//! Micropayment coins: `coin buy|list|pay|transfer|inspect|claim|reissue|redeem|proofs|bond|unbond|withdraw-bond`.
//!
//! An off-line transfer is signed with the payer's ring key and written as armored text that the payee carries to
//! the chain (`coin claim`); writing it needs no node. For that the key ring keeps what the payer last saw of its
//! coins (`coin list` and every coin command refresh it), the chain's genesis hash and longest transfer window, and
//! the promises it made: a coin promised off line is not spent again while the promise's window is open.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use base64::Engine;
use clap::Subcommand;
use codec::DecodeAll;
use codec::Encode;
use serde_json::{json, Value};
use sigil_primitives::{CoinId, FirstSpend, FraudProof, SignedTransfer, Transfer, TransferPayload};
use subxt::utils::Static;

use super::Context;
use crate::{
	chain::{api, AccountId, Chain},
	keyring::{HeldCoin, PromisedCoin, Purpose},
	output::{amount, hex0x, parse_amount, parse_duration, safe, time},
	resolve,
	wallet::{self, Wallet},
};

type CoinInfo = api::runtime_types::pallet_micropay_runtime_api::CoinInfo<AccountId, u128>;
type CoinState = api::runtime_types::pallet_micropay_runtime_api::CoinState;

const ARMOR_BEGIN: &str = "-----BEGIN SIGIL COIN TRANSFER-----";
const ARMOR_END: &str = "-----END SIGIL COIN TRANSFER-----";
/// How long an off-line transfer may be claimed, unless told otherwise.
const DEFAULT_VALIDITY: &str = "1d";

#[derive(Subcommand)]
pub enum CoinCommand {
	/// Buy a coin from a broker.
	Buy {
		/// The broker (account, email address or key id).
		#[arg(long)]
		broker: String,
		/// The coin's value in SGL.
		#[arg(long)]
		value: String,
	},
	/// Your coins.
	List,
	/// Pay with a coin on line: it moves to the payee now.
	Pay {
		/// The coin: BROKER:SERIAL.
		coin: String,
		/// The payee.
		to: String,
		/// Spend it even though you promised it in an off-line transfer whose window is open (a double spend).
		#[arg(long)]
		force: bool,
	},
	/// Pay with a coin off line: write a signed transfer the payee claims later.
	Transfer {
		coin: String,
		to: String,
		/// Required: the transfer is written, not submitted.
		#[arg(long, required = true)]
		offline: bool,
		/// Where to write it (default: standard output).
		#[arg(long)]
		out: Option<PathBuf>,
		/// How long the payee has to claim it (at most the chain's longest window, 7d; never past the coin's expiry).
		#[arg(long, default_value = DEFAULT_VALIDITY)]
		valid_for: String,
		/// Sign with this signing key (default: your newest).
		#[arg(long)]
		key: Option<String>,
	},
	/// Show what an off-line transfer promises, and check it against the chain when a node answers: do this before
	/// handing anything over for it.
	Inspect { file: PathBuf },
	/// Claim an off-line transfer written for you.
	Claim { file: PathBuf },
	/// Exchange a coin for a new one from its broker (a fresh serial, the history cleared).
	Reissue {
		coin: String,
		#[arg(long)]
		force: bool,
	},
	/// Return a coin to its broker for its value.
	Redeem {
		coin: String,
		#[arg(long)]
		force: bool,
	},
	/// Double-spend proofs against an account (default: you).
	Proofs { who: Option<String> },
	/// Hold AMOUNT SGL as a bond that compensates your off-line payees if you ever spend a coin twice (payees may
	/// ask for one before they accept off-line payments).
	Bond { amount: String },
	/// Start the notice period after which the bond can be withdrawn.
	Unbond,
	/// Take the bond back once its notice period is over.
	WithdrawBond,
}

pub async fn run(ctx: &Context, command: CoinCommand) -> Result<()> {
	match command {
		CoinCommand::Buy { broker, value } => buy(ctx, &broker, &value).await,
		CoinCommand::List => list(ctx).await,
		CoinCommand::Pay { coin, to, force } => pay(ctx, &coin, &to, force).await,
		CoinCommand::Transfer { coin, to, out, valid_for, key, .. } => {
			transfer_offline(ctx, &coin, &to, out.as_deref(), &valid_for, key.as_deref())
		}
		CoinCommand::Inspect { file } => inspect(ctx, &file).await,
		CoinCommand::Claim { file } => claim(ctx, &file).await,
		CoinCommand::Reissue { coin, force } => reissue_or_redeem(ctx, &coin, true, force).await,
		CoinCommand::Redeem { coin, force } => reissue_or_redeem(ctx, &coin, false, force).await,
		CoinCommand::Proofs { who } => proofs(ctx, who.as_deref()).await,
		CoinCommand::Bond { amount: value } => {
			let value = parse_amount(&value)?;
			let (done, _) = submit_simple(ctx, api::tx().micropay().bond(value), "coin bond").await?;
			ctx.out.emit(json!({ "bonded": value.to_string(), "block": done.block_number }), || {
				format!("Bonded {} for off-line payments (block #{})", amount(value), done.block_number)
			});
			Ok(())
		}
		CoinCommand::Unbond => {
			let (done, bond) = submit_simple(ctx, api::tx().micropay().unbond(), "coin unbond").await?;
			let unlocks_at = bond.and_then(|bond| bond.unlocks_at);
			ctx.out.emit(json!({ "unlocksAt": unlocks_at, "block": done.block_number }), || {
				format!(
					"Unbonding (block #{}): the bond can be withdrawn from {}",
					done.block_number,
					unlocks_at.map(time).unwrap_or_else(|| "the end of the notice period".into())
				)
			});
			Ok(())
		}
		CoinCommand::WithdrawBond => {
			let (done, _) = submit_simple(ctx, api::tx().micropay().withdraw_bond(), "coin withdraw-bond").await?;
			ctx.out.emit(json!({ "withdrawn": true, "block": done.block_number }), || {
				format!("The bond is back in your balance (block #{})", done.block_number)
			});
			Ok(())
		}
	}
}

type BondInfo = api::runtime_types::pallet_micropay_runtime_api::BondInfo<u128>;

/// A claim the chain kept as a double-spend proof instead of paying: its own exit status (3), so that a script does
/// not take it for a payment.
#[derive(Debug)]
pub struct DoubleSpent;

impl std::fmt::Display for DoubleSpent {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str("the coin was not paid to you: the payer had already spent it (see above)")
	}
}

impl std::error::Error for DoubleSpent {}

/// Submits a call that needs nothing but the account key, and reads the bond after it.
async fn submit_simple<C: subxt::transactions::Payload>(
	ctx: &Context,
	call: C,
	what: &str,
) -> Result<(crate::chain::Finalized, Option<BondInfo>)> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let done = chain.submit(&call, &wallet.signer(), what).await?;
	let bond = chain.query(api::runtime_apis().micropay_api().bond(wallet.account_id())).await?;
	Ok((done, bond))
}

/// A coin as typed: `BROKER:SERIAL` (the broker as an SS58 address).
fn parse_coin(text: &str) -> Result<CoinId<AccountId>> {
	let (broker, serial) =
		text.rsplit_once(':').ok_or_else(|| anyhow!("{text:?} is not a coin: write it as BROKER:SERIAL"))?;
	let broker = broker.parse::<AccountId>().map_err(|_| anyhow!("{broker:?} is not a broker's address"))?;
	let serial = serial.parse().map_err(|_| anyhow!("{serial:?} is not a coin serial number"))?;
	Ok(CoinId { broker, serial })
}

fn coin_name(coin: &CoinId<AccountId>) -> String {
	format!("{}:{}", coin.broker, coin.serial)
}

fn state_name(state: &CoinState) -> String {
	match state {
		CoinState::Active => "active".into(),
		CoinState::Reissued { into, at } => format!("reissued as serial {into} ({})", time(*at)),
		CoinState::Redeemed { at } => format!("redeemed ({})", time(*at)),
	}
}

fn coin_json(coin: &CoinInfo) -> Value {
	json!({
		"coin": coin_name(&coin.id.0),
		"holder": coin.holder.to_string(),
		"owner": coin.owner.to_string(),
		"value": coin.value.to_string(),
		"expiry": coin.expiry,
		"seq": coin.seq,
		"state": state_name(&coin.state),
		"doubleSpends": coin.double_spends,
		"history": coin.history.iter().map(|transfer| json!({
			"seq": transfer.seq, "from": transfer.from.to_string(), "to": transfer.to.to_string(),
			"at": transfer.at, "offline": transfer.offline,
		})).collect::<Vec<_>>(),
	})
}

fn coin_text(coin: &CoinInfo) -> String {
	let mut text = format!(
		"{}\n     {}, {}, expires {}, {} transfer{}\n",
		coin_name(&coin.id.0),
		amount(coin.value),
		state_name(&coin.state),
		time(coin.expiry),
		coin.seq,
		if coin.seq == 1 { "" } else { "s" }
	);
	if coin.double_spends > 0 {
		text.push_str(&format!("     {} double spend(s) proven: `sigil coin proofs`\n", coin.double_spends));
	}
	text
}

/// Remembers what off-line transfers need (the coins held now, the genesis hash, the longest window) and forgets
/// promises that were claimed or whose window closed. Saves only when something changed (each save is an Argon2
/// run). A coin promised under an open window is not counted as held: it must not be promised again.
fn remember(wallet: &mut Wallet, chain: &Chain, coins: &[CoinInfo], max_window: Option<u64>) -> Result<()> {
	let me = wallet.account_id();
	let now = wallet::unix_now().saturating_mul(1000);
	let before = (
		wallet.keyring.genesis_hash,
		wallet.keyring.coins.clone(),
		wallet.keyring.promised.clone(),
		wallet.keyring.max_transfer_window,
	);
	let on_chain_seq = |broker: &[u8; 32], serial: u64| {
		coins
			.iter()
			.find(|coin| coin.id.0.broker.0 == *broker && coin.id.0.serial == serial)
			.filter(|coin| coin.holder == me && matches!(coin.state, CoinState::Active))
			.map(|coin| coin.seq)
	};
	// A promise stands while the coin is still ours at the seq before it and the window is open.
	wallet.keyring.promised.retain(|promise| {
		promise.valid_until >= now && on_chain_seq(&promise.broker, promise.serial).is_some_and(|seq| seq < promise.seq)
	});
	let promised = wallet.keyring.promised.clone();
	wallet.keyring.coins = coins
		.iter()
		.filter(|coin| coin.holder == me && matches!(coin.state, CoinState::Active))
		.filter(|coin| {
			!promised.iter().any(|promise| promise.broker == coin.id.0.broker.0 && promise.serial == coin.id.0.serial)
		})
		.map(|coin| HeldCoin {
			broker: coin.id.0.broker.0,
			serial: coin.id.0.serial,
			seq: coin.seq,
			value: coin.value.to_string(),
			expiry: coin.expiry,
		})
		.collect();
	wallet.keyring.genesis_hash = Some(chain.genesis_hash().0);
	if max_window.is_some() {
		wallet.keyring.max_transfer_window = max_window;
	}
	let after = (
		wallet.keyring.genesis_hash,
		wallet.keyring.coins.clone(),
		wallet.keyring.promised.clone(),
		wallet.keyring.max_transfer_window,
	);
	if before != after {
		wallet.save()?;
	}
	Ok(())
}

async fn refresh(wallet: &mut Wallet, chain: &Chain) -> Result<Vec<CoinInfo>> {
	let coins = chain.query(api::runtime_apis().micropay_api().coins_of(wallet.account_id())).await?;
	let max_window = chain.constant(api::constants().micropay().max_transfer_window()).await.ok();
	remember(wallet, chain, &coins, max_window)?;
	Ok(coins)
}

/// After a transaction is final, what else a command does (refreshing the key ring's coins) cannot undo it: a
/// failure there is a warning beside the success, never a failed command that invites a second purchase.
async fn refresh_after(wallet: &mut Wallet, chain: &Chain) -> Option<String> {
	refresh(wallet, chain).await.err().map(|error| {
		format!("done, but the key ring's list of coins was not updated ({error:#}): run `sigil coin list`")
	})
}

fn with_warning(mut json: Value, warning: &Option<String>) -> Value {
	if let Some(warning) = warning {
		json["warning"] = json!(warning);
	}
	json
}

fn warning_text(text: String, warning: &Option<String>) -> String {
	match warning {
		Some(warning) => format!("{text}\nwarning: {warning}"),
		None => text,
	}
}

/// Refuses to spend a coin promised off line under an open window, unless forced.
fn ensure_not_promised(wallet: &Wallet, coin: &CoinId<AccountId>, force: bool) -> Result<()> {
	let now = wallet::unix_now().saturating_mul(1000);
	let promise =
		wallet.keyring.promised.iter().find(|promise| {
			promise.broker == coin.broker.0 && promise.serial == coin.serial && promise.valid_until >= now
		});
	if let (Some(promise), false) = (promise, force) {
		bail!(
			"you promised coin {} in an off-line transfer that can be claimed until {}: spending it now would be a \
			 double spend, which marks you and costs your bond (--force to do it anyway)",
			coin_name(coin),
			time(promise.valid_until)
		);
	}
	Ok(())
}

async fn buy(ctx: &Context, broker: &str, value: &str) -> Result<()> {
	let value = parse_amount(value)?;
	let mut wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let broker = ctx.target(&chain, broker).await?;
	let done = chain.submit(&api::tx().micropay().purchase(broker, value), &wallet.signer(), "coin buy").await?;
	let issued = done
		.events
		.find_first::<api::micropay::events::CoinIssued>()
		.transpose()?
		.context("the purchase went through but its event is missing")?;
	let warning = refresh_after(&mut wallet, &chain).await;
	let coin = coin_name(&issued.coin.0);
	ctx.out.emit(
		with_warning(
			json!({ "coin": coin, "value": issued.value.to_string(), "expiry": issued.expiry, "block": done.block_number }),
			&warning,
		),
		|| {
			warning_text(
				format!(
					"Bought coin {coin} worth {}, expires {} (block #{})",
					amount(issued.value),
					time(issued.expiry),
					done.block_number
				),
				&warning,
			)
		},
	);
	Ok(())
}

async fn list(ctx: &Context) -> Result<()> {
	let mut wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let coins = refresh(&mut wallet, &chain).await?;
	let bond = chain.query(api::runtime_apis().micropay_api().bond(wallet.account_id())).await?;
	ctx.out.emit(
		json!({ "coins": coins.iter().map(coin_json).collect::<Vec<_>>(),
			"bond": bond.as_ref().map(|bond| json!({ "amount": bond.amount.to_string(), "unlocksAt": bond.unlocks_at })) }),
		|| {
			let mut text = format!("{} coin{}\n", coins.len(), if coins.len() == 1 { "" } else { "s" });
			for coin in &coins {
				text.push_str(&coin_text(coin));
			}
			for promise in &wallet.keyring.promised {
				text.push_str(&format!(
					"Promised off line: coin {}:{} (seq {}), claimable until {}\n",
					AccountId(promise.broker),
					promise.serial,
					promise.seq,
					time(promise.valid_until)
				));
			}
			if let Some(bond) = &bond {
				text.push_str(&format!("Bond for off-line payments: {}\n", amount(bond.amount)));
			}
			text
		},
	);
	Ok(())
}

async fn pay(ctx: &Context, coin: &str, to: &str, force: bool) -> Result<()> {
	let coin = parse_coin(coin)?;
	let mut wallet = ctx.wallet()?;
	ensure_not_promised(&wallet, &coin, force)?;
	let chain = ctx.chain().await?;
	let to = ctx.target(&chain, to).await?;
	let call = api::tx().micropay().pay(Static(coin), to);
	let done = chain.submit(&call, &wallet.signer(), "coin pay").await?;
	let warning = refresh_after(&mut wallet, &chain).await;
	ctx.out.emit(
		with_warning(json!({ "coin": coin_name(&coin), "to": to.to_string(), "block": done.block_number }), &warning),
		|| warning_text(format!("Paid {to} with coin {} (block #{})", coin_name(&coin), done.block_number), &warning),
	);
	Ok(())
}

fn transfer_offline(
	ctx: &Context,
	coin: &str,
	to: &str,
	out: Option<&Path>,
	valid_for: &str,
	key: Option<&str>,
) -> Result<()> {
	let coin = parse_coin(coin)?;
	let payee = to
		.parse::<AccountId>()
		.map_err(|_| anyhow!("{to:?} is not an address: off line, the payee must be given as an SS58 address"))?;
	let window = parse_duration(valid_for)?;
	if out.is_some_and(Path::exists) {
		bail!("{} exists: nothing was written", out.map(|path| path.display().to_string()).unwrap_or_default());
	}
	let mut wallet = ctx.wallet()?;
	let signing_key = wallet.ring_key(Purpose::Signing, key)?.clone();
	let (Some(genesis_hash), Some(max_window)) = (wallet.keyring.genesis_hash, wallet.keyring.max_transfer_window)
	else {
		bail!("the key ring has not seen the chain yet: run `sigil coin list` once while on line");
	};
	if window > max_window {
		bail!("the chain accepts transfers claimable for at most {}s; {valid_for} is longer", max_window / 1000);
	}
	let held = wallet
		.keyring
		.coins
		.iter()
		.position(|held| held.broker == coin.broker.0 && held.serial == coin.serial)
		.ok_or_else(|| {
			anyhow!(
				"coin {} is not among the coins you held, unpromised, when you last looked (`sigil coin list` on line)",
				coin_name(&coin)
			)
		})?;
	let now = wallet::unix_now().saturating_mul(1000);
	let held_coin = wallet.keyring.coins[held].clone();
	if held_coin.expiry <= now {
		bail!("coin {} expired on {}", coin_name(&coin), time(held_coin.expiry));
	}
	let transfer = Transfer {
		coin,
		seq: held_coin.seq.checked_add(1).context("the coin has no transfers left")?,
		payer: wallet.account_id(),
		payee,
		// The window opens when the payer signs: not earlier, since the chain wants the signing key in use when it
		// opens (a key added moments ago was not, a minute before). It closes before the coin expires.
		valid_from: now,
		valid_until: now.saturating_add(window).min(held_coin.expiry.saturating_sub(1)),
	};
	let payload = TransferPayload::new(sp_core::H256(genesis_hash), transfer.clone());
	let signature = wallet::sign(&signing_key, &payload.encode());
	let signed = SignedTransfer { transfer, key_id: wallet::key_id(&signing_key), signature };
	let armored = armor(&signed, &held_coin.value);
	// The promise is recorded before the transfer leaves: if saving fails, nothing was handed out.
	wallet.keyring.coins.remove(held);
	wallet.keyring.promised.push(PromisedCoin {
		broker: coin.broker.0,
		serial: coin.serial,
		seq: signed.transfer.seq,
		valid_until: signed.transfer.valid_until,
	});
	wallet.save().context("nothing was written: the key ring could not record the promise")?;
	match out {
		Some(path) => std::fs::write(path, &armored).with_context(|| {
			format!(
				"cannot write {} (the coin stays promised until {})",
				path.display(),
				time(signed.transfer.valid_until)
			)
		})?,
		None if !ctx.out.is_json() => print!("{armored}"),
		None => {}
	}
	let json = json!({ "coin": coin_name(&coin), "to": payee.to_string(), "seq": signed.transfer.seq,
		"validFrom": signed.transfer.valid_from, "validUntil": signed.transfer.valid_until,
		"file": out, "transfer": armored });
	if out.is_some() || ctx.out.is_json() {
		ctx.out.emit(json, || {
			format!(
				"Wrote a transfer of coin {} to {payee} to {}; they can claim it until {}",
				coin_name(&coin),
				out.map(|path| path.display().to_string()).unwrap_or_default(),
				time(signed.transfer.valid_until)
			)
		});
	}
	Ok(())
}

/// A signed transfer as text a person can carry: informative headers, then the SCALE encoding in base64.
fn armor(signed: &SignedTransfer<AccountId>, value: &str) -> String {
	let encoded = base64::engine::general_purpose::STANDARD.encode(signed.encode());
	let mut text = format!(
		"{ARMOR_BEGIN}\nCoin: {}\nSeq: {}\nFrom: {}\nTo: {}\nValue: {}\nValid: {} to {}\n\n",
		coin_name(&signed.transfer.coin),
		signed.transfer.seq,
		signed.transfer.payer,
		signed.transfer.payee,
		value.parse::<u128>().map(amount).unwrap_or_default(),
		time(signed.transfer.valid_from),
		time(signed.transfer.valid_until)
	);
	for line in encoded.as_bytes().chunks(64) {
		text.push_str(&String::from_utf8_lossy(line));
		text.push('\n');
	}
	text.push_str(ARMOR_END);
	text.push('\n');
	text
}

/// The signed transfer in armored text. The headers are what a person reads, so they must agree with the encoded
/// transfer (the only part the chain reads); a transfer whose headers say otherwise is refused.
fn dearmor(text: &str) -> Result<SignedTransfer<AccountId>> {
	let text = text.replace("\r\n", "\n");
	let start = text.find(ARMOR_BEGIN).context("not a Sigil coin transfer: no BEGIN line")?;
	let rest = &text[start + ARMOR_BEGIN.len()..];
	let end = rest.find(ARMOR_END).context("the coin transfer is cut short: no END line")?;
	let body = &rest[..end];
	let (headers, data) = body.split_once("\n\n").context("the coin transfer has no data")?;
	let data: String = data.split_whitespace().collect();
	let bytes = base64::engine::general_purpose::STANDARD
		.decode(data)
		.map_err(|_| anyhow!("the coin transfer is damaged (not base64)"))?;
	let signed = SignedTransfer::<AccountId>::decode_all(&mut bytes.as_slice())
		.map_err(|_| anyhow!("the coin transfer is damaged (not a signed transfer)"))?;
	let transfer = &signed.transfer;
	for line in headers.lines().map(str::trim).filter(|line| !line.is_empty()) {
		let (name, value) = line.split_once(':').map(|(name, value)| (name.trim(), value.trim())).unwrap_or((line, ""));
		let agrees = match name {
			"Coin" => value == coin_name(&transfer.coin),
			"Seq" => value == transfer.seq.to_string(),
			"From" => value == transfer.payer.to_string(),
			"To" => value == transfer.payee.to_string(),
			"Valid" => value == format!("{} to {}", time(transfer.valid_from), time(transfer.valid_until)),
			// The value is the coin's, not signed: `coin inspect` checks it on chain.
			"Value" => true,
			_ => bail!("the coin transfer has a header this client does not know: {}", safe(name)),
		};
		if !agrees {
			bail!(
				"the coin transfer's {name} header ({}) is not what it encodes: it was altered; do not accept it",
				safe(value)
			);
		}
	}
	Ok(signed)
}

/// A signature's bytes in its scheme, as the key ring's `verify` takes them.
fn raw_signature(signature: &sigil_primitives::KeySignature) -> Vec<u8> {
	use sigil_primitives::KeySignature;
	match signature {
		KeySignature::Ed25519(signature) => signature.0.to_vec(),
		KeySignature::Sr25519(signature) => signature.0.to_vec(),
		KeySignature::Ecdsa(signature) => signature.0.to_vec(),
	}
}

fn read_transfer(file: &Path) -> Result<SignedTransfer<AccountId>> {
	let metadata = std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?;
	if metadata.len() > 64 * 1024 {
		bail!("{} is far too large for a coin transfer", file.display());
	}
	let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
	dearmor(&text)
}

async fn inspect(ctx: &Context, file: &Path) -> Result<()> {
	let signed = read_transfer(file)?;
	let transfer = &signed.transfer;
	let mut json = json!({
		"coin": coin_name(&transfer.coin), "seq": transfer.seq, "from": transfer.payer.to_string(),
		"to": transfer.payee.to_string(), "validFrom": transfer.valid_from, "validUntil": transfer.valid_until,
		"keyId": hex0x(signed.key_id.0),
	});
	let mut text = format!(
		"Coin {} (transfer #{})\nFrom   {}\nTo     {}\nValid  {} to {}\n",
		coin_name(&transfer.coin),
		transfer.seq,
		transfer.payer,
		transfer.payee,
		time(transfer.valid_from),
		time(transfer.valid_until)
	);
	let mut problems = Vec::new();
	match ctx.chain().await {
		Err(error) => {
			text.push_str(&format!("Not checked against the chain: {error:#}\n"));
			json["checked"] = json!(false);
		}
		Ok(chain) => {
			json["checked"] = json!(true);
			let apis = api::runtime_apis().micropay_api();
			match chain.query(apis.coin(Static(transfer.coin))).await? {
				None => problems.push("the chain knows no such coin".to_string()),
				Some(coin) => {
					json["value"] = json!(coin.value.to_string());
					text.push_str(&format!("Value  {} ({})\n", amount(coin.value), state_name(&coin.state)));
					if !matches!(coin.state, CoinState::Active) {
						problems.push(format!("the coin is {}", state_name(&coin.state)));
					}
					if coin.holder != transfer.payer {
						problems.push(format!("the payer does not hold the coin ({} does)", coin.holder));
					}
					if coin.seq.checked_add(1) != Some(transfer.seq) {
						problems.push(format!(
							"the coin has had {} transfers, so this one (#{}) is not the next",
							coin.seq, transfer.seq
						));
					}
					if coin.expiry <= transfer.valid_until {
						problems.push(format!("the coin expires {}, before the window closes", time(coin.expiry)));
					}
				}
			}
			let payload = TransferPayload::new(chain.genesis_hash(), transfer.clone()).encode();
			let verified = chain
				.query(api::runtime_apis().key_ring_api().verify(
					resolve::key_lookup(&resolve::KeyRef::Full(signed.key_id)),
					payload,
					raw_signature(&signed.signature),
					Some(transfer.valid_from),
				))
				.await;
			let bond = chain.query(apis.bond(transfer.payer)).await?;
			json["payerBond"] = json!(bond.as_ref().map(|bond| bond.amount.to_string()));
			text.push_str(&format!(
				"Bond   the payer holds {} to compensate payees of a double spend\n",
				bond.as_ref().map(|bond| amount(bond.amount)).unwrap_or_else(|| "no bond".into())
			));
			match verified {
				Ok(verification) => {
					if let Some(problem) = super::identity::verification_problem(&verification, &transfer.payer) {
						problems.push(problem);
					}
				}
				Err(error) => problems.push(format!("the signature could not be checked: {error:#}")),
			}
		}
	}
	json["problems"] = json!(problems);
	if problems.is_empty() {
		text.push_str("No problem found.\n");
	}
	for problem in &problems {
		text.push_str(&format!("PROBLEM: {problem}\n"));
	}
	ctx.out.emit(json, || text);
	Ok(())
}

async fn claim(ctx: &Context, file: &Path) -> Result<()> {
	let signed = read_transfer(file)?;
	let mut wallet = ctx.wallet()?;
	if signed.transfer.payee != wallet.account_id() {
		bail!("this transfer pays {}, not you", signed.transfer.payee);
	}
	let chain = ctx.chain().await?;
	let coin = signed.transfer.coin;
	let call = api::tx().micropay().claim(Static(signed.clone()));
	let done = chain.submit(&call, &wallet.signer(), "coin claim").await?;
	let warning = refresh_after(&mut wallet, &chain).await;
	if let Some(detected) = done.events.find_first::<api::micropay::events::DoubleSpendDetected>().transpose()? {
		let compensated = done.events.find_first::<api::micropay::events::VictimCompensated>().transpose()?;
		let json = json!({ "coin": coin_name(&coin), "claimed": false, "doubleSpend": true,
			"payer": detected.payer.to_string(), "proofHash": hex0x(detected.proof_hash.0), "disputed": detected.disputed,
			"block": done.block_number });
		ctx.out.emit(with_warning(json, &warning), || {
			warning_text(
				format!(
				"REFUSED: {} had already spent coin {} (seq {}) elsewhere. The chain keeps this transfer as proof of the \
				 double spend ({}){}{}",
				detected.payer,
				coin_name(&coin),
				detected.seq,
				hex0x(detected.proof_hash.0),
				if detected.disputed { ", disputed: the payer's key was reported compromised" } else { "" },
				match compensated {
					Some(paid) => format!("; you were compensated {} from the payer's bond.", amount(paid.amount)),
					None => "; the payer's bond could not compensate you.".into(),
				}
			),
				&warning,
			)
		});
		// The claim is recorded, but the payment did not happen: a script must not take it for one.
		return Err(anyhow::Error::new(DoubleSpent));
	}
	ctx.out.emit(
		with_warning(json!({ "coin": coin_name(&coin), "claimed": true, "block": done.block_number }), &warning),
		|| {
			warning_text(
				format!(
					"Claimed coin {} from {} (block #{})",
					coin_name(&coin),
					signed.transfer.payer,
					done.block_number
				),
				&warning,
			)
		},
	);
	Ok(())
}

async fn reissue_or_redeem(ctx: &Context, coin: &str, reissue: bool, force: bool) -> Result<()> {
	let coin = parse_coin(coin)?;
	let mut wallet = ctx.wallet()?;
	ensure_not_promised(&wallet, &coin, force)?;
	let chain = ctx.chain().await?;
	let done = if reissue {
		chain.submit(&api::tx().micropay().reissue(Static(coin)), &wallet.signer(), "coin reissue").await?
	} else {
		chain.submit(&api::tx().micropay().redeem(Static(coin)), &wallet.signer(), "coin redeem").await?
	};
	let warning = refresh_after(&mut wallet, &chain).await;
	let new_serial =
		done.events.find_first::<api::micropay::events::CoinReissued>().transpose()?.map(|event| event.new.0.serial);
	ctx.out.emit(
		with_warning(
			json!({ "coin": coin_name(&coin), "reissuedAs": new_serial, "redeemed": !reissue, "block": done.block_number }),
			&warning,
		),
		|| {
			let text = match new_serial {
				Some(serial) => {
					format!("Coin {} is reissued as serial {serial} (block #{})", coin_name(&coin), done.block_number)
				}
				None => format!("Coin {} is redeemed (block #{})", coin_name(&coin), done.block_number),
			};
			warning_text(text, &warning)
		},
	);
	Ok(())
}

fn first_spend_text(first: &FirstSpend<AccountId>) -> String {
	match first {
		FirstSpend::Recorded { to, at, .. } => format!("paid to {to} at {}", time(*at)),
		FirstSpend::Signed(signed) => format!("a transfer signed to {}", signed.transfer.payee),
		FirstSpend::Redeemed { at } => format!("redeemed at {}", time(*at)),
		FirstSpend::Reissued { at } => format!("reissued at {}", time(*at)),
	}
}

fn proof_json(proof: &FraudProof<AccountId>) -> Value {
	json!({
		"coin": coin_name(&proof.second.transfer.coin),
		"seq": proof.second.transfer.seq,
		"first": first_spend_text(&proof.first),
		"secondPayee": proof.second.transfer.payee.to_string(),
		"detectedAt": proof.detected_at,
		"disputed": proof.disputed,
	})
}

async fn proofs(ctx: &Context, who: Option<&str>) -> Result<()> {
	let chain = ctx.chain().await?;
	let who = match who {
		Some(who) => ctx.lookup(&chain, who).await?,
		None => ctx.wallet()?.account_id(),
	};
	let proofs = chain.query(api::runtime_apis().micropay_api().fraud_proofs(who)).await?;
	ctx.out.emit(
		json!({ "account": who.to_string(), "proofs": proofs.iter().map(|proof| proof_json(proof)).collect::<Vec<_>>() }),
		|| {
			let mut text = format!(
				"{} double-spend proof{} against {who}\n",
				proofs.len(),
				if proofs.len() == 1 { "" } else { "s" }
			);
			for proof in &proofs {
				text.push_str(&format!(
					"  coin {} seq {}: {}, and signed again to {} (detected {}){}\n",
					coin_name(&proof.second.transfer.coin),
					proof.second.transfer.seq,
					first_spend_text(&proof.first),
					proof.second.transfer.payee,
					time(proof.detected_at),
					if proof.disputed { ", disputed" } else { "" }
				));
			}
			text
		},
	);
	Ok(())
}
