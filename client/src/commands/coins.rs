//! Micropayment coins: `coin buy|list|pay|transfer|claim|reissue|redeem|proofs`.
//!
//! An off-line transfer is signed with the payer's ring key and written as armored text that the payee carries to
//! the chain (`coin claim`); writing it needs no node. For that the key ring keeps what the payer last saw of its
//! coins (`coin list` and every coin command refresh it) and the chain's genesis hash.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use base64::Engine;
use clap::Subcommand;
use codec::{Decode, Encode};
use serde_json::{json, Value};
use sigil_primitives::{CoinId, FirstSpend, FraudProof, SignedTransfer, Transfer, TransferPayload};
use subxt::utils::Static;

use super::Context;
use crate::{
	chain::{api, AccountId, Chain},
	keyring::{HeldCoin, Purpose},
	output::{amount, hex0x, parse_amount, parse_duration, time},
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
		/// How long the payee has to claim it (at most 7d).
		#[arg(long, default_value = DEFAULT_VALIDITY)]
		valid_for: String,
		/// Sign with this signing key (default: your newest).
		#[arg(long)]
		key: Option<String>,
	},
	/// Claim an off-line transfer written for you.
	Claim { file: PathBuf },
	/// Exchange a coin for a new one from its broker (a fresh serial, the history cleared).
	Reissue { coin: String },
	/// Return a coin to its broker for its value.
	Redeem { coin: String },
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
		CoinCommand::Pay { coin, to } => pay(ctx, &coin, &to).await,
		CoinCommand::Transfer { coin, to, out, valid_for, key, .. } => {
			transfer_offline(ctx, &coin, &to, out.as_deref(), &valid_for, key.as_deref())
		}
		CoinCommand::Claim { file } => claim(ctx, &file).await,
		CoinCommand::Reissue { coin } => reissue_or_redeem(ctx, &coin, true).await,
		CoinCommand::Redeem { coin } => reissue_or_redeem(ctx, &coin, false).await,
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

/// Remembers the coins `who` holds now, for off-line transfers.
fn remember(wallet: &mut Wallet, chain: &Chain, coins: &[CoinInfo]) -> Result<()> {
	let me = wallet.account_id();
	wallet.keyring.genesis_hash = Some(chain.genesis_hash().0);
	wallet.keyring.coins = coins
		.iter()
		.filter(|coin| coin.holder == me && matches!(coin.state, CoinState::Active))
		.map(|coin| HeldCoin {
			broker: coin.id.0.broker.0,
			serial: coin.id.0.serial,
			seq: coin.seq,
			value: coin.value.to_string(),
			expiry: coin.expiry,
		})
		.collect();
	wallet.save()
}

async fn refresh(wallet: &mut Wallet, chain: &Chain) -> Result<Vec<CoinInfo>> {
	let coins = chain.query(api::runtime_apis().micropay_api().coins_of(wallet.account_id())).await?;
	remember(wallet, chain, &coins)?;
	Ok(coins)
}

async fn buy(ctx: &Context, broker: &str, value: &str) -> Result<()> {
	let value = parse_amount(value)?;
	let mut wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let broker = resolve::account(&chain, broker).await?;
	let done = chain.submit(&api::tx().micropay().purchase(broker, value), &wallet.signer(), "coin buy").await?;
	let issued = done
		.events
		.find_first::<api::micropay::events::CoinIssued>()
		.transpose()?
		.context("the purchase went through but its event is missing")?;
	refresh(&mut wallet, &chain).await?;
	let coin = coin_name(&issued.coin.0);
	ctx.out.emit(
		json!({ "coin": coin, "value": issued.value.to_string(), "expiry": issued.expiry, "block": done.block_number }),
		|| {
			format!(
				"Bought coin {coin} worth {}, expires {} (block #{})",
				amount(issued.value),
				time(issued.expiry),
				done.block_number
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
			if let Some(bond) = &bond {
				text.push_str(&format!("Bond for off-line payments: {}\n", amount(bond.amount)));
			}
			text
		},
	);
	Ok(())
}

async fn pay(ctx: &Context, coin: &str, to: &str) -> Result<()> {
	let coin = parse_coin(coin)?;
	let mut wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let to = resolve::account(&chain, to).await?;
	let call = api::tx().micropay().pay(Static(coin.clone()), to.clone());
	let done = chain.submit(&call, &wallet.signer(), "coin pay").await?;
	refresh(&mut wallet, &chain).await?;
	ctx.out.emit(json!({ "coin": coin_name(&coin), "to": to.to_string(), "block": done.block_number }), || {
		format!("Paid {to} with coin {} (block #{})", coin_name(&coin), done.block_number)
	});
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
	let mut wallet = ctx.wallet()?;
	let signing_key = wallet.ring_key(Purpose::Signing, key)?.clone();
	let genesis_hash = wallet
		.keyring
		.genesis_hash
		.ok_or_else(|| anyhow!("the key ring has not seen the chain yet: run `sigil coin list` once while on line"))?;
	let held = wallet
		.keyring
		.coins
		.iter()
		.position(|held| held.broker == coin.broker.0 && held.serial == coin.serial)
		.ok_or_else(|| {
			anyhow!(
				"coin {} is not among the coins you held when you last looked (`sigil coin list` on line)",
				coin_name(&coin)
			)
		})?;
	let now = wallet::unix_now().saturating_mul(1000);
	let held_coin = wallet.keyring.coins[held].clone();
	if held_coin.expiry <= now {
		bail!("coin {} expired on {}", coin_name(&coin), time(held_coin.expiry));
	}
	let transfer = Transfer {
		coin: coin.clone(),
		seq: held_coin.seq.checked_add(1).context("the coin has no transfers left")?,
		payer: wallet.account_id(),
		payee: payee.clone(),
		// The window opens when the payer signs: not earlier, since the chain wants the signing key in use when it
		// opens (a key added moments ago was not, a minute before).
		valid_from: now,
		valid_until: now.saturating_add(window),
	};
	let payload = TransferPayload::new(sp_core::H256(genesis_hash), transfer.clone());
	let signature = wallet::sign(&signing_key, &payload.encode());
	let signed = SignedTransfer { transfer, key_id: wallet::key_id(&signing_key), signature };
	let armored = armor(&signed, &held_coin.value);
	// The coin is promised to the payee: forget it, so that it is not promised twice by accident.
	wallet.keyring.coins.remove(held);
	match out {
		Some(path) => {
			if path.exists() {
				bail!("{} exists: nothing was written", path.display());
			}
			std::fs::write(path, &armored).with_context(|| format!("cannot write {}", path.display()))?;
		}
		None if !ctx.out.is_json() => print!("{armored}"),
		None => {}
	}
	wallet.save()?;
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

/// The signed transfer in armored text. Headers are for people; only the encoded transfer counts.
fn dearmor(text: &str) -> Result<SignedTransfer<AccountId>> {
	let start = text.find(ARMOR_BEGIN).context("not a Sigil coin transfer: no BEGIN line")?;
	let rest = &text[start + ARMOR_BEGIN.len()..];
	let end = rest.find(ARMOR_END).context("the coin transfer is cut short: no END line")?;
	let body = &rest[..end];
	let (_headers, data) = body.split_once("\n\n").context("the coin transfer has no data")?;
	let data: String = data.split_whitespace().collect();
	let bytes = base64::engine::general_purpose::STANDARD
		.decode(data)
		.map_err(|_| anyhow!("the coin transfer is damaged (not base64)"))?;
	SignedTransfer::decode(&mut bytes.as_slice()).context("the coin transfer is damaged (not a signed transfer)")
}

async fn claim(ctx: &Context, file: &Path) -> Result<()> {
	let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
	let signed = dearmor(&text)?;
	let mut wallet = ctx.wallet()?;
	if signed.transfer.payee != wallet.account_id() {
		bail!("this transfer pays {}, not you", signed.transfer.payee);
	}
	let chain = ctx.chain().await?;
	let coin = signed.transfer.coin.clone();
	let call = api::tx().micropay().claim(Static(signed.clone()));
	let done = chain.submit(&call, &wallet.signer(), "coin claim").await?;
	refresh(&mut wallet, &chain).await?;
	if let Some(detected) = done.events.find_first::<api::micropay::events::DoubleSpendDetected>().transpose()? {
		let compensated = done.events.find_first::<api::micropay::events::VictimCompensated>().transpose()?;
		let json = json!({ "coin": coin_name(&coin), "claimed": false, "doubleSpend": true,
			"payer": detected.payer.to_string(), "proofHash": hex0x(detected.proof_hash.0), "disputed": detected.disputed,
			"block": done.block_number });
		ctx.out.emit(json, || {
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
			)
		});
		return Ok(());
	}
	ctx.out.emit(json!({ "coin": coin_name(&coin), "claimed": true, "block": done.block_number }), || {
		format!("Claimed coin {} from {} (block #{})", coin_name(&coin), signed.transfer.payer, done.block_number)
	});
	Ok(())
}

async fn reissue_or_redeem(ctx: &Context, coin: &str, reissue: bool) -> Result<()> {
	let coin = parse_coin(coin)?;
	let mut wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let done = if reissue {
		chain.submit(&api::tx().micropay().reissue(Static(coin.clone())), &wallet.signer(), "coin reissue").await?
	} else {
		chain.submit(&api::tx().micropay().redeem(Static(coin.clone())), &wallet.signer(), "coin redeem").await?
	};
	refresh(&mut wallet, &chain).await?;
	let new_serial =
		done.events.find_first::<api::micropay::events::CoinReissued>().transpose()?.map(|event| event.new.0.serial);
	ctx.out.emit(
		json!({ "coin": coin_name(&coin), "reissuedAs": new_serial, "redeemed": !reissue, "block": done.block_number }),
		|| match new_serial {
			Some(serial) => {
				format!("Coin {} is reissued as serial {serial} (block #{})", coin_name(&coin), done.block_number)
			}
			None => format!("Coin {} is redeemed (block #{})", coin_name(&coin), done.block_number),
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
		Some(who) => resolve::account(&chain, who).await?,
		None => ctx.wallet()?.account_id(),
	};
	let proofs = chain.query(api::runtime_apis().micropay_api().fraud_proofs(who.clone())).await?;
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
