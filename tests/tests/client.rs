//! The `sigil` client as a person uses it: the binary run against a real dev node, each user with a key ring file
//! of their own and the passphrase in a file named by `SIGIL_PASSPHRASE_FILE`. Alice is the dev chain's member
//! (`//Alice`); the others start from `sigil init`.

use std::{
	io::{BufRead, BufReader},
	path::{Path, PathBuf},
	process::{Command, Output, Stdio},
	time::{Duration, Instant},
};

use jsonrpsee::core::client::ClientT;
use serde_json::Value;
use sigil_e2e::*;
use sigil_runtime::AccountId;
use sp_keyring::Sr25519Keyring::{Alice, Charlie};
use tempfile::TempDir;

/// One person: a key ring file, its passphrase file, the node they talk to.
struct User {
	name: &'static str,
	keyring: PathBuf,
	passphrase: PathBuf,
	url: String,
	account: String,
}

impl User {
	/// `sigil init` (with `//Alice`-style words from `import`, or new words).
	fn init(dir: &Path, name: &'static str, url: &str, import: Option<&str>) -> Result<User> {
		let passphrase = dir.join(format!("{name}.pass"));
		std::fs::write(&passphrase, format!("{name}'s long passphrase\n"))?;
		let mut user = User {
			name,
			keyring: dir.join(format!("{name}.keyring")),
			passphrase,
			url: url.to_string(),
			account: String::new(),
		};
		let init = match import {
			Some(words) => {
				let words_file = dir.join(format!("{name}.words"));
				std::fs::write(&words_file, words)?;
				// A development path alone (`//Alice`) derives from the public dev phrase: `--dev` says so.
				let dev = if words.starts_with("//") { &["--dev"][..] } else { &[][..] };
				user.command(&[&["init", "--import", "--json"][..], dev].concat())
					.env("SIGIL_MNEMONIC_FILE", words_file)
					.output()?
			}
			None => user.command(&["init", "--json"]).output()?,
		};
		let json = parse(name, &init)?;
		user.account = json["account"].as_str().ok_or("init printed no account")?.to_string();
		if import.is_none() {
			assert_eq!(json["mnemonic"].as_str().map(|words| words.split(' ').count()), Some(12), "{json}");
		}
		Ok(user)
	}

	fn command(&self, args: &[&str]) -> Command {
		let mut command = Command::new(client_binary());
		command
			.args(["--url", &self.url, "--keyring"])
			.arg(&self.keyring)
			.args(args)
			.env("SIGIL_PASSPHRASE_FILE", &self.passphrase)
			.env_remove("SIGIL_KEYRING")
			.env_remove("SIGIL_URL");
		command
	}

	/// Runs `sigil --json ARGS`, which must succeed; its JSON.
	fn json(&self, args: &[&str]) -> Result<Value> {
		let output = self.command(&[args, &["--json"]].concat()).output()?;
		parse(&format!("{} `sigil {}`", self.name, args.join(" ")), &output)
	}

	/// Runs `sigil ARGS` for its text, which must succeed.
	fn text(&self, args: &[&str]) -> Result<String> {
		let output = self.command(args).output()?;
		if !output.status.success() {
			return Err(format!("{} `sigil {}` failed: {}", self.name, args.join(" "), stderr(&output)).into());
		}
		Ok(String::from_utf8(output.stdout)?)
	}

	/// Runs `sigil ARGS`, which must fail with a non-zero exit; its error message.
	fn fails(&self, args: &[&str]) -> Result<String> {
		self.fails_with(self.command(args), args)
	}

	fn fails_with(&self, mut command: Command, args: &[&str]) -> Result<String> {
		let output = command.output()?;
		if output.status.success() {
			return Err(format!("{} `sigil {}` succeeded but should not have", self.name, args.join(" ")).into());
		}
		Ok(stderr(&output))
	}
}

fn stderr(output: &Output) -> String {
	String::from_utf8_lossy(&output.stderr).into_owned()
}

fn parse(what: &str, output: &Output) -> Result<Value> {
	if !output.status.success() {
		return Err(format!("{what} failed: {}", stderr(output)).into());
	}
	Ok(serde_json::from_slice(&output.stdout).map_err(|error| format!("{what} printed no JSON ({error})"))?)
}

/// Starts a dev node and gives Alice (its member) a key ring.
async fn dev_chain(name: &str) -> Result<(Node, jsonrpsee::ws_client::WsClient, TempDir, User)> {
	let (node, client) = start_dev_node(name).await?;
	let dir = tempfile::tempdir()?;
	let alice = User::init(dir.path(), "alice", &node.ws_url(), Some("//Alice"))?;
	assert_eq!(alice.account, Alice.to_account_id().to_string());
	Ok((node, client, dir, alice))
}

/// Alice, a member, admits `user` within her quota and funds them: no vote needed.
fn admit_and_fund(alice: &User, user: &User) -> Result<()> {
	let admitted = alice.json(&["member", "admit", &user.account, "--fund", "100"])?;
	assert_eq!(admitted["account"], user.account.as_str());
	Ok(())
}

/// Registers `user` with a signing and an encryption key; their ids.
fn register_with_keys(user: &User, email: &str) -> Result<(String, String)> {
	let name = user.name[..1].to_uppercase() + &user.name[1..];
	user.json(&["register", "--name", &name, "--email", email])?;
	let signing = user.json(&["key", "add", "--purpose", "signing"])?;
	let encryption = user.json(&["key", "add", "--purpose", "encryption", "--expires", "365d"])?;
	Ok((
		signing["shortId"].as_str().unwrap_or_default().into(),
		encryption["shortId"].as_str().unwrap_or_default().into(),
	))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_papers_journey_with_the_sigil_client() -> Result<()> {
	let (_node, client, dir, alice) = dev_chain("client-journey").await?;
	let bob = User::init(dir.path(), "bob", &alice.url, None)?;

	// A new account cannot act until it is admitted; the client says so. One member's action is enough.
	let refused = bob.fails(&["register", "--name", "Bob", "--email", "bob@example.org"])?;
	assert!(refused.contains("not admitted"), "{refused}");
	admit_and_fund(&alice, &bob)?;
	let status = bob.json(&["member", "status", &bob.account])?;
	assert_eq!(status["admittedBy"], alice.account.as_str(), "{status}");

	let (alice_signing, _) = register_with_keys(&alice, " Alice@Example.org ")?;
	register_with_keys(&bob, "bob@example.org")?;
	let whois = bob.json(&["whois", "alice@example.org"])?;
	assert_eq!(whois["account"], alice.account.as_str());
	assert_eq!(whois["identity"]["name"], "Alice");
	assert_eq!(whois["keys"].as_array().map(Vec::len), Some(2));
	let on_chain = alice.json(&["keyring", "show"])?;
	assert_eq!(on_chain["keys"].as_array().map(Vec::len), Some(2), "both keys are in Alice's key ring");

	// Alice sends Bob an encrypted message, addressed by his email address.
	// Bob's address names him only once a member vouches for it: until then, whoever registered it first holds it.
	let unverified = alice.fails(&["send", "bob@example.org", "too early"])?;
	assert!(unverified.contains("no consortium member has verified"), "{unverified}");
	alice.json(&["member", "verify-email", &bob.account, "bob@example.org"])?;
	// A message is named by its sender and the sender's counter; the recipient numbers it by its place in the inbox.
	let sent = alice.json(&["send", "bob@example.org", "Meet me at noon. -- Alice"])?;
	assert_eq!(
		(&sent["from"], &sent["counter"], &sent["inboxIndex"]),
		(&alice.account.as_str().into(), &0.into(), &0.into()),
		"{sent}"
	);
	assert!(sent["id"].is_null() && sent["encryptedTo"].is_string(), "{sent}");
	// Alice reads what she sent by its counter: only Bob's key opens it.
	let on_chain_body = alice.json(&["read", "--sent", "0"])?;
	assert_eq!(on_chain_body["bodyState"], "unreadable", "only Bob's key opens it: {on_chain_body}");
	assert_eq!((&on_chain_body["counter"], &on_chain_body["toName"]), (&0.into(), &"Bob".into()), "{on_chain_body}");
	assert!(!on_chain_body["ciphertext"].as_str().unwrap_or_default().is_empty());
	let text = alice.text(&["read", "--sent", "0"])?;
	assert!(text.contains("your message #0  to Bob ("), "{text}");
	let not_sent = alice.fails(&["read", "--sent", "1"])?;
	assert!(not_sent.contains("you have not sent a message #1: you sent 1 (#0)"), "{not_sent}");

	// Bob does not trust Alice yet: unverified, with the reason, but decrypted.
	let inbox = bob.json(&["inbox"])?;
	assert_eq!(inbox["verified"].as_array().map(Vec::len), Some(0), "{inbox}");
	let unverified = &inbox["unverified"][0];
	assert_eq!(
		(&unverified["inboxIndex"], &unverified["from"], &unverified["counter"]),
		(&0.into(), &alice.account.as_str().into(), &0.into()),
		"{unverified}"
	);
	assert_eq!(unverified["body"], "Meet me at noon. -- Alice");
	assert_eq!(unverified["bodyState"], "decrypted");
	assert!(unverified["reasons"][0].as_str().unwrap_or_default().contains("do not trust the sender"), "{unverified}");
	let text = bob.text(&["inbox"])?;
	assert!(
		text.contains("Unverified (1)") && text.contains("#0  from Alice (") && text.contains("Meet me at noon"),
		"{text}"
	);

	// Bob trusts Alice fully: verified.
	bob.json(&["trust", "set", &alice.account, "full"])?;
	let inbox = bob.json(&["inbox"])?;
	assert_eq!(inbox["verified"][0]["body"], "Meet me at noon. -- Alice", "{inbox}");
	let shown = bob.json(&["trust", "show", "alice@example.org"])?;
	assert_eq!(shown["fromViewer"]["validity"], "full");
	assert_eq!(shown["fromViewer"]["amount"], 120);

	// Alice revokes the key she signed with: the message stays verified, with the revocation shown.
	alice.json(&["key", "revoke", &alice_signing, "--reason", "superseded"])?;
	let read = bob.json(&["read", "0"])?;
	assert_eq!(read["verified"], true, "{read}");
	assert_eq!(read["body"], "Meet me at noon. -- Alice", "{read}");
	assert!(read["notes"][0].as_str().unwrap_or_default().contains("revoked after sending"), "{read}");
	let text = bob.text(&["read", "0"])?;
	assert!(text.starts_with("VERIFIED\n#0  from Alice ("), "{text}");
	assert!(text.contains("revoked after sending (superseded"), "{text}");

	// Alice cannot sign with the revoked key any more; with a new one she can.
	let refused = alice.fails(&["send", "bob@example.org", "again"])?;
	assert!(refused.contains("none of the signing keys"), "{refused}");
	alice.json(&["key", "add", "--purpose", "signing"])?;
	// Bob follows the events that name him while Alice writes again.
	let mut watch =
		bob.command(&["watch", "--json", "--mine"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
	let lines = watch.stdout.take().ok_or("watch has no stdout")?;
	// It says on stderr when it follows the chain.
	let mut ready = String::new();
	BufReader::new(watch.stderr.take().ok_or("watch has no stderr")?).read_line(&mut ready)?;
	assert!(ready.contains("Following finalized blocks"), "{ready}");
	let (sender, events) = std::sync::mpsc::channel();
	std::thread::spawn(move || {
		for line in BufReader::new(lines).lines() {
			if sender.send(line).is_err() {
				break;
			}
		}
	});
	alice.json(&["send", "bob@example.org", "again"])?;
	let deadline = Instant::now() + Duration::from_secs(30);
	let seen = loop {
		let line = events.recv_timeout(deadline.saturating_duration_since(Instant::now()))??;
		let event: Value = serde_json::from_str(&line)?;
		// The watch may start with a few blocks finalized just before it: the first message's among them.
		if event["pallet"] == "Messages" && event["event"] == "MessageSent" && event["fields"]["counter"] == "1" {
			break event;
		}
	};
	watch.kill()?;
	watch.wait()?;
	assert_eq!(seen["fields"]["to"], bob.account.as_str(), "{seen}");
	assert_eq!(seen["fields"]["from"], alice.account.as_str(), "{seen}");
	assert_eq!((&seen["fields"]["counter"], &seen["fields"]["inbox_index"]), (&"1".into(), &"1".into()), "{seen}");
	// Bob clears the first message of his inbox, #0: the newer one, #1, keeps its number.
	let cleared = bob.json(&["clear", "0"])?;
	assert_eq!(
		(&cleared["inboxIndex"], &cleared["from"], &cleared["counter"]),
		(&0.into(), &alice.account.as_str().into(), &0.into()),
		"{cleared}"
	);
	let inbox = bob.json(&["inbox"])?;
	assert_eq!(inbox["verified"].as_array().map(Vec::len), Some(1), "the cleared message is gone: {inbox}");
	assert_eq!(
		(&inbox["verified"][0]["body"], &inbox["verified"][0]["inboxIndex"]),
		(&"again".into(), &1.into()),
		"{inbox}"
	);
	assert_eq!(inbox["received"], 2);
	assert_eq!(bob.json(&["read", "1"])?["body"], "again");
	// An empty slot, cleared or never filled, is an error, and nothing is submitted.
	let bob_account: AccountId = bob.account.parse()?;
	let before = next_nonce(&client, &bob_account).await?;
	let again = bob.fails(&["clear", "0"])?;
	assert!(again.contains("message #0 of your inbox was cleared"), "{again}");
	let never = bob.fails(&["clear", "2"])?;
	assert!(never.contains("there is no message #2 in your inbox: it received 2 (#0 to #1)"), "{never}");
	let unread = bob.fails(&["read", "0"])?;
	assert!(unread.contains("message #0 of your inbox was cleared"), "{unread}");
	assert_eq!(next_nonce(&client, &bob_account).await?, before, "no transaction was submitted");

	// Alice keeps an advance held for her messages' deposits: it covers the next send. Back to 0, what her stored
	// message ("again") owes stays held.
	let advance = alice.json(&["advance", "1"])?;
	assert_eq!(
		(&advance["advance"], &advance["held"]),
		(&"1000000000000".into(), &"1000000000000".into()),
		"{advance}"
	);
	alice.json(&["send", "bob@example.org", "within the advance"])?;
	let text = alice.text(&["advance", "0.5"])?;
	assert!(text.contains("Keeping 0.5 SGL in advance for your messages' deposits; 0.5 SGL held"), "{text}");
	let released = alice.json(&["advance", "0"])?;
	let held: u128 = released["held"].as_str().unwrap_or_default().parse()?;
	assert!(released["advance"] == "0" && held > 0 && held < 500_000_000_000, "{released}");
	let bad = alice.fails(&["advance", "lots"])?;
	assert!(bad.contains("is not an amount of SGL"), "{bad}");

	// Bad input: a recipient nobody registered, and one with no encryption key.
	let unknown = alice.fails(&["send", "nobody@example.org", "hello"])?;
	assert!(unknown.contains("no identity claims the email address nobody@example.org"), "{unknown}");
	let charlie = User::init(dir.path(), "charlie", &alice.url, None)?;
	admit_and_fund(&alice, &charlie)?;
	charlie.json(&["register", "--name", "Charlie", "--email", "charlie@example.org"])?;
	let no_key = alice.fails(&["send", &charlie.account, "hello"])?;
	assert!(no_key.contains("no active encryption key") && no_key.contains("--plaintext"), "{no_key}");
	let plain = alice.json(&["send", &charlie.account, "hello in the clear", "--plaintext"])?;
	assert!(plain["encryptedTo"].is_null());
	let charlie_inbox = charlie.json(&["inbox"])?;
	assert_eq!(charlie_inbox["unverified"][0]["body"], "hello in the clear");
	assert_eq!(charlie_inbox["unverified"][0]["bodyState"], "plaintext");

	// A rejected transaction names the pallet's error and leaves the key ring as it was.
	let before = std::fs::read(&charlie.keyring)?;
	let again = charlie.fails(&["register", "--name", "Charlie", "--email", "charlie@example.org"])?;
	assert!(again.contains("KeyRing.AlreadyRegistered"), "{again}");
	assert_eq!(std::fs::read(&charlie.keyring)?, before);
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn documents_and_coins_with_the_sigil_client() -> Result<()> {
	let (_node, _client, dir, alice) = dev_chain("client-documents-coins").await?;
	let bob = User::init(dir.path(), "bob", &alice.url, None)?;
	let carol = User::init(dir.path(), "carol", &alice.url, None)?;
	admit_and_fund(&alice, &bob)?;
	admit_and_fund(&alice, &carol)?;
	register_with_keys(&alice, "alice@example.org")?;
	register_with_keys(&bob, "bob@example.org")?;
	register_with_keys(&carol, "carol@example.org")?;

	// Alice signs a document; Bob verifies it from his copy of the file.
	let contract = dir.path().join("contract.txt");
	std::fs::write(&contract, "Alice sells Bob one bicycle for 10 SGL.\n")?;
	let signed = alice.json(&["doc", "sign", contract.to_str().ok_or("path")?])?;
	let verified = bob.json(&["doc", "verify", contract.to_str().ok_or("path")?])?;
	assert_eq!(verified["blake2"], signed["documentHash"]);
	let attestation = &verified["attestations"][0];
	assert_eq!(attestation["signer"], alice.account.as_str());
	assert_eq!(attestation["valid"], true);
	assert_eq!(attestation["signature"]["keyStatusAtSigning"], "active");
	let altered = dir.path().join("altered.txt");
	std::fs::write(&altered, "Alice sells Bob one bicycle for 1 SGL.\n")?;
	let unsigned = bob.json(&["doc", "verify", altered.to_str().ok_or("path")?])?;
	assert_eq!(unsigned["attestations"].as_array().map(Vec::len), Some(0));

	// An agreement both must sign.
	let created = alice.json(&[
		"doc",
		"agreement",
		"create",
		contract.to_str().ok_or("path")?,
		"--signer",
		&bob.account,
		"--signer",
		&alice.account,
		"--deadline",
		"1h",
	])?;
	let agreement = created["id"].as_u64().ok_or("no agreement id")?.to_string();
	bob.json(&["doc", "agreement", "sign", &agreement])?;
	assert_eq!(bob.json(&["doc", "agreement", "status", &agreement])?["state"], "pending");
	alice.json(&["doc", "agreement", "sign", &agreement])?;
	let status = bob.json(&["doc", "agreement", "status", &agreement])?;
	assert!(status["state"].as_str().unwrap_or_default().starts_with("completed"), "{status}");
	assert_eq!(status["valid"], true);
	let refused = carol.fails(&["doc", "agreement", "sign", &agreement])?;
	assert!(refused.contains("not a signer"), "{refused}");

	// Governance approves Charlie (a dev account) as a broker: Alice, the dev chain's only member, proposes it and
	// the motion passes at once. Bob buys a coin and bonds for off-line payments.
	let charlie_account = Charlie.to_account_id().to_string();
	let approved = alice.json(&[
		"motion",
		"propose",
		"approve-broker",
		&charlie_account,
		"--fee",
		"0.01",
		"--validity",
		"1h",
		"--max-value",
		"10",
	])?;
	assert_eq!(approved["executed"], true, "{approved}");
	let bought = bob.json(&["coin", "buy", "--broker", &charlie_account, "--value", "1"])?;
	let coin = bought["coin"].as_str().ok_or("no coin")?.to_string();
	bob.json(&["coin", "bond", "2"])?;
	let listed = bob.json(&["coin", "list"])?;
	assert_eq!(listed["coins"][0]["coin"], coin.as_str());

	// Bob pays Alice off line: a file written with no node at all, which Alice inspects and claims. A window longer
	// than the chain accepts is refused before anything is promised.
	let offline_url = "ws://127.0.0.1:1";
	let too_long = bob.fails(&["coin", "transfer", &coin, &alice.account, "--offline", "--valid-for", "30d"])?;
	assert!(too_long.contains("at most"), "{too_long}");
	let to_alice = dir.path().join("to-alice.coin");
	let mut write = bob.command(&["coin", "transfer", &coin, &alice.account, "--offline", "--out"]);
	write.arg(&to_alice).args(["--json", "--url", offline_url]);
	let written = parse("bob's off-line transfer", &write.output()?)?;
	assert_eq!(written["seq"], 1);
	let armored = std::fs::read_to_string(&to_alice)?;
	assert!(armored.starts_with("-----BEGIN SIGIL COIN TRANSFER-----"), "{armored}");
	let refused = carol.fails(&["coin", "claim", to_alice.to_str().ok_or("path")?])?;
	assert!(refused.contains("not you"), "{refused}");
	let inspected = alice.json(&["coin", "inspect", to_alice.to_str().ok_or("path")?])?;
	assert_eq!(inspected["checked"], true, "{inspected}");
	assert_eq!(inspected["value"], "1000000000000");
	assert_eq!(inspected["problems"].as_array().map(Vec::len), Some(0), "{inspected}");
	// Headers that say something else than the transfer encodes are refused.
	let tampered = dir.path().join("tampered.coin");
	std::fs::write(&tampered, armored.replace(&format!("To: {}", alice.account), &format!("To: {}", carol.account)))?;
	let altered = carol.fails(&["coin", "inspect", tampered.to_str().ok_or("path")?])?;
	assert!(altered.contains("altered"), "{altered}");
	let claimed = alice.json(&["coin", "claim", to_alice.to_str().ok_or("path")?])?;
	assert_eq!(claimed["claimed"], true, "{claimed}");
	let alice_coins = alice.json(&["coin", "list"])?;
	assert_eq!(alice_coins["coins"][0]["coin"], coin.as_str());
	assert_eq!(alice_coins["coins"][0]["seq"], 1);

	// Alice cheats: she keeps a backup of her key ring, pays Bob off line, restores the backup and pays Carol
	// with the same coin. Bob claims first; Carol's claim is refused and kept as the proof of a double spend.
	let backup = dir.path().join("alice-backup.keyring");
	alice.json(&["keyring", "export", backup.to_str().ok_or("path")?])?;
	let to_bob = dir.path().join("to-bob.coin");
	let mut write = alice.command(&["coin", "transfer", &coin, &bob.account, "--offline", "--out"]);
	write.arg(&to_bob).arg("--json");
	parse("alice's first transfer", &write.output()?)?;
	// The promise holds across a refresh of the key ring's coins, on line and off.
	alice.json(&["coin", "list"])?;
	let spent = alice.fails(&["coin", "transfer", &coin, &carol.account, "--offline"])?;
	assert!(spent.contains("not among the coins you held"), "the client does not pay twice by accident: {spent}");
	let promised = alice.fails(&["coin", "pay", &coin, &carol.account])?;
	assert!(promised.contains("you promised coin"), "{promised}");
	alice.json(&["keyring", "import", backup.to_str().ok_or("path")?, "--force"])?;
	let to_carol = dir.path().join("to-carol.coin");
	let mut write = alice.command(&["coin", "transfer", &coin, &carol.account, "--offline", "--out"]);
	write.arg(&to_carol).arg("--json");
	parse("alice's second transfer", &write.output()?)?;
	assert_eq!(bob.json(&["coin", "claim", to_bob.to_str().ok_or("path")?])?["claimed"], true);
	let claim = carol.command(&["coin", "claim", to_carol.to_str().ok_or("path")?, "--json"]).output()?;
	assert_eq!(claim.status.code(), Some(3), "a refused claim is no payment: {}", stderr(&claim));
	let refused: Value = serde_json::from_slice(&claim.stdout)?;
	assert_eq!(refused["claimed"], false, "{refused}");
	assert_eq!(refused["doubleSpend"], true);
	let proofs = carol.json(&["coin", "proofs", &alice.account])?;
	assert_eq!(proofs["proofs"].as_array().map(Vec::len), Some(1), "{proofs}");
	assert_eq!(proofs["proofs"][0]["secondPayee"], carol.account.as_str());
	let network = carol.json(&["whois", &alice.account])?;
	assert!(network["network"]["validity"].as_str().unwrap_or_default().contains("fraud mark"), "{network}");

	// Bob pays Carol on line and redeems nothing he does not hold.
	bob.json(&["coin", "pay", &coin, &carol.account])?;
	let not_held = bob.fails(&["coin", "redeem", &coin])?;
	assert!(not_held.contains("Micropay.NotHolder"), "{not_held}");
	carol.json(&["coin", "redeem", &coin])?;
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn members_admit_within_their_quota_and_govern_by_motion() -> Result<()> {
	let (_node, _client, dir, alice) = dev_chain("client-governance").await?;
	let bob = User::init(dir.path(), "bob", &alice.url, Some("//Bob"))?;
	let erin = User::init(dir.path(), "erin", &alice.url, None)?;
	let frank = User::init(dir.path(), "frank", &alice.url, None)?;

	// Alice's quota, an admission, and its revocation, which frees the quota again.
	let quota = alice.json(&["member", "status"])?;
	assert_eq!((quota["member"].as_bool(), quota["admittedCount"].as_u64()), (Some(true), Some(0)), "{quota}");
	admit_and_fund(&alice, &erin)?;
	assert_eq!(alice.json(&["member", "status"])?["admittedCount"], 1);
	let again = alice.fails(&["member", "admit", &erin.account])?;
	assert!(again.contains("Consortium.AlreadyAdmitted"), "{again}");
	let refused = bob.fails(&["member", "admit", &frank.account])?;
	assert!(refused.contains("Consortium.NotMember"), "only members admit: {refused}");
	alice.json(&["member", "revoke", &erin.account])?;
	assert_eq!(alice.json(&["member", "status"])?["admittedCount"], 0);
	let revoked = erin.fails(&["register", "--name", "Erin", "--email", "erin@example.org"])?;
	assert!(revoked.contains("not admitted"), "{revoked}");

	// Governance: Alice makes Bob a member (one member: the motion passes at once) ...
	let added = alice.json(&["motion", "propose", "add-member", &bob.account])?;
	assert_eq!(added["executed"], true, "{added}");
	// ... then, with two members, a motion waits for both (proposing is not voting): both vote aye, Bob closes it,
	// and Frank is admitted.
	let proposed = alice.json(&["motion", "propose", "admit-account", &frank.account])?;
	assert_eq!(proposed["threshold"], 2, "{proposed}");
	let index = proposed["index"].as_u64().ok_or("no motion index")?.to_string();
	let listed = bob.json(&["motion", "list"])?;
	assert_eq!(listed["motions"][0]["call"], "Consortium.admit_account", "{listed}");
	assert_eq!(listed["motions"][0]["ayes"].as_array().map(Vec::len), Some(0), "{listed}");
	alice.json(&["motion", "vote", &index, "aye"])?;
	let early = bob.fails(&["motion", "close", &index])?;
	assert!(early.contains("ConsortiumCouncil.TooEarly"), "one aye of two does not carry it yet: {early}");
	bob.json(&["motion", "vote", &index, "aye"])?;
	let closed = bob.json(&["motion", "close", &index])?;
	assert_eq!((closed["passed"].as_bool(), closed["executed"].as_bool()), (Some(true), Some(true)), "{closed}");
	let status = frank.json(&["member", "status", &frank.account])?;
	assert_eq!((status["admitted"].as_bool(), status["admittedBy"].is_null()), (Some(true), true), "{status}");
	assert_eq!(bob.json(&["motion", "list"])?["motions"].as_array().map(Vec::len), Some(0));
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_a_clear_error_that_changes_nothing() -> Result<()> {
	let dir = tempfile::tempdir()?;
	// No node is needed to create, read, back up or re-encrypt a key ring.
	let offline = "ws://127.0.0.1:1";
	let dave = User::init(dir.path(), "dave", offline, None)?;
	let original = std::fs::read(&dave.keyring)?;

	let unreachable = dave.fails(&["account"])?;
	assert!(unreachable.contains("cannot reach a Sigil node at ws://127.0.0.1:1"), "{unreachable}");

	let exists = dave.fails(&["init"])?;
	assert!(exists.contains("already exists"), "{exists}");
	// A derivation path without words derives from the public development phrase: refused without --dev.
	let words = dir.path().join("evil.words");
	std::fs::write(&words, "//Company")?;
	let unused = dir.path().join("unused.keyring");
	let mut command = Command::new(client_binary());
	command.arg("--keyring").arg(&unused).args(["init", "--import"]).env("SIGIL_MNEMONIC_FILE", &words);
	command.env("SIGIL_PASSPHRASE_FILE", &dave.passphrase);
	let public = dave.fails_with(command, &["init", "--import"])?;
	assert!(public.contains("public development phrase"), "{public}");
	assert!(!unused.exists());

	let wrong = dir.path().join("wrong.pass");
	std::fs::write(&wrong, "not dave's passphrase\n")?;
	let mut command = dave.command(&["keyring", "show"]);
	command.env("SIGIL_PASSPHRASE_FILE", &wrong);
	let refused = dave.fails_with(command, &["keyring", "show"])?;
	assert!(refused.to_lowercase().contains("wrong passphrase"), "{refused}");

	// A flipped byte in the ciphertext, and a cut file: each named, neither opened.
	let damaged = dir.path().join("damaged.keyring");
	let mut bytes = original.clone();
	let last = bytes.len() - 1;
	bytes[last] ^= 1;
	std::fs::write(&damaged, &bytes)?;
	let mut command = dave.command(&["keyring", "show"]);
	command.arg("--keyring").arg(&damaged);
	let refused = dave.fails_with(command, &["keyring", "show"])?;
	assert!(refused.contains("damaged"), "{refused}");
	std::fs::write(&damaged, &original[..original.len() / 2])?;
	let mut command = dave.command(&["keyring", "show"]);
	command.arg("--keyring").arg(&damaged);
	let refused = dave.fails_with(command, &["keyring", "show"])?;
	assert!(refused.contains("damaged") || refused.contains("truncated"), "{refused}");

	// A new passphrase from a file: the old one stops working, the new one opens the same account.
	let new = dir.path().join("new.pass");
	std::fs::write(&new, "dave's second passphrase\n")?;
	let mut command = dave.command(&["keyring", "passwd", "--json"]);
	command.env("SIGIL_NEW_PASSPHRASE_FILE", &new);
	parse("passwd", &command.output()?)?;
	assert!(dave.fails(&["keyring", "show"])?.to_lowercase().contains("wrong passphrase"));
	let mut command = dave.command(&["keyring", "show", "--json"]);
	command.env("SIGIL_PASSPHRASE_FILE", &new);
	let shown = parse("show with the new passphrase", &command.output()?)?;
	assert_eq!(shown["account"], dave.account.as_str());

	// Bad arguments never reach the chain or the key ring.
	let after = std::fs::read(&dave.keyring)?;
	assert!(dave.fails(&["trust", "set", "someone", "sometimes"])?.contains("invalid value"));
	assert!(dave.fails(&["coin", "pay", "no-coin", "x"])?.contains("BROKER:SERIAL"));
	assert_eq!(std::fs::read(&dave.keyring)?, after);
	Ok(())
}

/// GnuPG in a home of its own (`GNUPGHOME`), with unprotected test keys.
struct Gpg(PathBuf);

impl Gpg {
	fn new(dir: &Path) -> Result<Gpg> {
		let home = dir.join("gnupg");
		std::fs::create_dir(&home)?;
		std::fs::set_permissions(&home, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
		Ok(Gpg(home))
	}

	/// Runs gpg, which must succeed; its standard output.
	fn run(&self, args: &[&str]) -> Result<Vec<u8>> {
		let output = Command::new("gpg")
			.env("GNUPGHOME", &self.0)
			.args(["--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", ""])
			.args(args)
			.output()?;
		if !output.status.success() {
			return Err(format!("gpg {} failed: {}", args.join(" "), stderr(&output)).into());
		}
		Ok(output.stdout)
	}

	/// A new key for `user_id` of `algorithm` (signing only); its fingerprint.
	fn new_key(&self, user_id: &str, algorithm: &str) -> Result<String> {
		self.run(&["--quick-gen-key", user_id, algorithm, "sign", "0"])?;
		let listing = String::from_utf8(self.run(&["--list-keys", "--with-colons", user_id])?)?;
		let fingerprint =
			listing.lines().find_map(|line| line.strip_prefix("fpr:")).ok_or("gpg listed no fingerprint")?;
		Ok(fingerprint.trim_matches(':').to_string())
	}

	/// A detached binary signature of `file` by `fingerprint`, next to it (named after both).
	fn sign(&self, fingerprint: &str, file: &Path) -> Result<PathBuf> {
		let signature = file.with_extension(format!("{}.sig", &fingerprint[32..]));
		let (file_arg, signature_arg) = (file.to_str().ok_or("path")?, signature.to_str().ok_or("path")?);
		self.run(&["--local-user", fingerprint, "--detach-sign", "--output", signature_arg, file_arg])?;
		Ok(signature)
	}

	/// Runs gpg with `--status-fd 1`, successful or not: its status lines (`[GNUPG:] GOODSIG ...`).
	fn status(&self, args: &[&str]) -> Result<String> {
		let output =
			Command::new("gpg").env("GNUPGHOME", &self.0).args(["--batch", "--status-fd", "1"]).args(args).output()?;
		Ok(String::from_utf8(output.stdout)?)
	}

	/// `gpg --gen-revoke`, answering its questions: reason 2 (superseded), no description; armored.
	fn revocation_certificate(&self, fingerprint: &str) -> Result<Vec<u8>> {
		use std::io::Write;
		let mut child = Command::new("gpg")
			.env("GNUPGHOME", &self.0)
			.args(["--no-tty", "--command-fd", "0", "--pinentry-mode", "loopback", "--passphrase", ""])
			.args(["--gen-revoke", fingerprint])
			.stdin(Stdio::piped())
			.stdout(Stdio::piped())
			.stderr(Stdio::piped())
			.spawn()?;
		child.stdin.take().ok_or("stdin")?.write_all(b"y\n2\n\ny\n")?;
		let output = child.wait_with_output()?;
		if !output.status.success() || output.stdout.is_empty() {
			return Err(format!("gpg --gen-revoke failed: {}", stderr(&output)).into());
		}
		Ok(output.stdout)
	}
}

impl Drop for Gpg {
	/// Stops the agent and dirmngr gpg started for this home.
	fn drop(&mut self) {
		let _ = Command::new("gpgconf").env("GNUPGHOME", &self.0).args(["--kill", "all"]).output();
	}
}

/// A person's gpg key, as the issue puts it: Alice binds and publishes her Ed25519 key with `sigil key import-gpg`
/// (gpg signs the proof), signs a file with `gpg --detach-sign`, and `sigil doc verify --sig` checks it against the
/// chain; she revokes the key on chain with gpg's revocation certificate: the old signature stays valid (made before),
/// one made after is not. An RSA key, a certificate stating another reason and a stranger's signature are refused.
#[tokio::test(flavor = "multi_thread")]
async fn a_gpg_key_bound_with_sigil_signs_files_sigil_verifies_before_and_after_revocation() -> Result<()> {
	let (_node, client, dir, alice) = dev_chain("gpg").await?;
	let gpg = Gpg::new(dir.path())?;
	let with_gpg = |args: &[&str]| -> Result<Output> {
		Ok(alice.command(&[args, &["--json"]].concat()).env("GNUPGHOME", &gpg.0).output()?)
	};
	alice.json(&["register", "--name", "Alice", "--email", "alice@example.org"])?;
	let fingerprint = gpg.new_key("Alice <alice@example.org>", "ed25519")?;
	gpg.run(&["--quick-add-key", &fingerprint, "cv25519", "encr", "0"])?;

	let bound = parse("import-gpg", &with_gpg(&["key", "import-gpg", &fingerprint])?)?;
	let key_id = format!("0x{}{}", "0".repeat(24), fingerprint.to_lowercase());
	assert_eq!(bound["keyId"], key_id.as_str(), "{bound}");
	assert!(bound["block"].is_u64() && bound["published"].is_null(), "{bound}");
	// Bound already: asking again publishes it (`gpg --export`, with its user ID), and binds nothing.
	let published = parse("import-gpg --publish", &with_gpg(&["key", "import-gpg", &fingerprint, "--publish"])?)?;
	assert!(published["block"].is_null() && published["published"].is_u64(), "{published}");
	assert_eq!(published["userIds"], serde_json::json!(["Alice <alice@example.org>"]));
	let again = with_gpg(&["key", "import-gpg", &fingerprint])?;
	assert!(!again.status.success() && stderr(&again).contains("already bound"), "{}", stderr(&again));
	// The chain finds it by gpg's key id, as an OpenPGP key.
	let short_id = fingerprint[24..].to_lowercase();
	let key: Value = client.request("keyRing_key", jsonrpsee::rpc_params![format!("0x{short_id}")]).await?;
	assert_eq!(key["keyType"], "openpgp-ed25519", "{key}");
	assert_eq!(key["owner"], alice.account.as_str());

	let contract = dir.path().join("contract.txt");
	std::fs::write(&contract, "Alice agrees.\n")?;
	let signature = gpg.sign(&fingerprint, &contract)?;
	let (contract_arg, signature_arg) = (contract.to_str().ok_or("path")?, signature.to_str().ok_or("path")?);
	let verified = alice.json(&["doc", "verify", contract_arg, "--sig", signature_arg])?;
	assert_eq!((verified["valid"].as_bool(), verified["signer"].as_str()), (Some(true), Some(alice.account.as_str())));
	assert_eq!(verified["verdict"], "VALID: made with a key in use");
	// The same signature over other bytes.
	let other = dir.path().join("other.txt");
	std::fs::write(&other, "Alice agrees to nothing.\n")?;
	let refused =
		alice.command(&["doc", "verify", other.to_str().ok_or("path")?, "--sig", signature_arg, "--json"]).output()?;
	assert!(!refused.status.success());
	let refused: Value = serde_json::from_slice(&refused.stdout)?;
	assert!(refused["verdict"].as_str().is_some_and(|v| v.starts_with("INVALID: the signature does not verify")));

	// Revoked on chain with gpg's certificate (reason: superseded); a certificate must agree with the call's reason.
	let certificate = dir.path().join("alice.rev");
	std::fs::write(&certificate, gpg.revocation_certificate(&fingerprint)?)?;
	let certificate_arg = certificate.to_str().ok_or("path")?;
	let mismatch =
		alice.fails(&["key", "revoke", &short_id, "--reason", "retired", "--revocation", certificate_arg])?;
	assert!(mismatch.contains("RevocationReasonMismatch"), "{mismatch}");
	alice.json(&["key", "revoke", &short_id, "--reason", "superseded", "--revocation", certificate_arg])?;
	let key: Value = client.request("keyRing_key", jsonrpsee::rpc_params![format!("0x{short_id}")]).await?;
	assert_eq!(key["revoked"]["reason"], "superseded", "{key}");

	let verified = alice.json(&["doc", "verify", contract_arg, "--sig", signature_arg])?;
	assert!(verified["verdict"].as_str().is_some_and(|v| v.starts_with("VALID: made before the key was revoked")));
	// gpg still signs with the key (it has not heard of the revocation); a signature made after counts for nothing.
	// Signature times are whole seconds: one past the revocation's.
	tokio::time::sleep(Duration::from_millis(1_100)).await;
	let later = dir.path().join("later.txt");
	std::fs::write(&later, "Alice agrees again.\n")?;
	let later_signature = gpg.sign(&fingerprint, &later)?;
	let output = alice
		.command(&[
			"doc",
			"verify",
			later.to_str().ok_or("path")?,
			"--sig",
			later_signature.to_str().ok_or("path")?,
			"--json",
		])
		.output()?;
	assert!(!output.status.success());
	let after: Value = serde_json::from_slice(&output.stdout)?;
	assert!(
		after["verdict"].as_str().is_some_and(|v| v.starts_with("INVALID: made after the key was revoked")),
		"{after}"
	);

	// A key gpg made that the chain does not know, and an RSA key, which cannot be bound.
	let stranger = gpg.new_key("Mallory <mallory@example.org>", "ed25519")?;
	let forged = gpg.sign(&stranger, &contract)?;
	let output =
		alice.command(&["doc", "verify", contract_arg, "--sig", forged.to_str().ok_or("path")?, "--json"]).output()?;
	assert!(!output.status.success());
	let unknown: Value = serde_json::from_slice(&output.stdout)?;
	assert!(unknown["verdict"].as_str().is_some_and(|v| v.starts_with("UNKNOWN KEY")), "{unknown}");
	let rsa = gpg.new_key("Rsa <rsa@example.org>", "rsa2048")?;
	let refused = with_gpg(&["key", "import-gpg", &rsa])?;
	assert!(!refused.status.success() && stderr(&refused).contains("only Ed25519 keys"), "{}", stderr(&refused));
	let keys = alice.json(&["key", "list"])?;
	assert_eq!(keys["keys"].as_array().map(Vec::len), Some(1), "only the Ed25519 key was bound: {keys}");
	Ok(())
}

/// `GET path` from the node's key server on 127.0.0.1:`port`, as HTTP/1.0 (as gpg's dirmngr asks): the status and
/// the body.
fn http_get(port: u16, path: &str) -> Result<(u16, String)> {
	http_request(port, "GET", path)
}

fn http_request(port: u16, method: &str, path: &str) -> Result<(u16, String)> {
	use std::io::{Read, Write};
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
	stream.set_read_timeout(Some(Duration::from_secs(10)))?;
	write!(stream, "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")?;
	let mut response = String::new();
	stream.read_to_string(&mut response)?;
	let (head, body) = response.split_once("\r\n\r\n").ok_or("no end of headers")?;
	let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).ok_or("no status")?;
	Ok((status, body.to_string()))
}

/// Polls the key server until `path` answers `status` with a body that satisfies `check` (it reads finalized
/// state, a few seconds behind the block a transaction landed in); the body.
async fn key_server_answers(port: u16, path: &str, status: u16, check: impl Fn(&str) -> bool) -> Result<String> {
	let deadline = Instant::now() + Duration::from_secs(60);
	loop {
		let (got, body) = http_get(port, path)?;
		if got == status && check(&body) {
			return Ok(body);
		}
		if Instant::now() > deadline {
			return Err(format!("{path}: still {got} {body}").into());
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// The node's key server as gpg users meet it (`--hkp-port`): Alice binds and publishes her gpg key with `sigil`;
/// Bob's gpg fetches it by fingerprint and finds it by her address once a member verified it, verifies a file she
/// signed, and learns of her revocation with `--refresh-keys`. Uploads, unpublished and unknown keys and malformed
/// queries get a key server's statuses.
#[tokio::test(flavor = "multi_thread")]
async fn gpg_users_fetch_published_keys_from_the_nodes_key_server_and_learn_of_revocations() -> Result<()> {
	let port = free_port();
	let (node, _client) = start_dev_node_with("hkp", &["--hkp-port", &port.to_string()]).await?;
	let dir = tempfile::tempdir()?;
	let member = User::init(dir.path(), "member", &node.ws_url(), Some("//Alice"))?;
	let alice = User::init(dir.path(), "alice", &node.ws_url(), None)?;
	admit_and_fund(&member, &alice)?;
	alice.json(&["register", "--name", "Alice", "--email", "alice@example.org"])?;
	let (alice_home, bob_home) = (dir.path().join("alice"), dir.path().join("bob"));
	std::fs::create_dir(&alice_home)?;
	std::fs::create_dir(&bob_home)?;
	let (alice_gpg, bob_gpg) = (Gpg::new(&alice_home)?, Gpg::new(&bob_home)?);
	let fingerprint = alice_gpg.new_key("Alice <alice@example.org>", "ed25519")?;
	let keyserver = format!("hkp://127.0.0.1:{port}");
	let bob = |args: &[&str]| bob_gpg.run(&[&["--keyserver", keyserver.as_str()][..], args].concat());
	let import = |args: &[&str]| -> Result<Value> {
		let mut command = alice.command(&[&["key", "import-gpg", &fingerprint][..], args, &["--json"]].concat());
		parse("import-gpg", &command.env("GNUPGHOME", &alice_gpg.0).output()?)
	};
	let by_fingerprint = format!("/vks/v1/by-fingerprint/{fingerprint}");

	// Unknown, then bound but not published: nothing to fetch, and the answer says which.
	let (status, body) = http_get(port, &by_fingerprint)?;
	assert_eq!((status, body.trim()), (404, format!("No key found for fingerprint {fingerprint}").as_str()));
	assert!(bob(&["--recv-keys", &fingerprint]).is_err(), "nothing to receive yet");
	import(&[])?;
	key_server_answers(port, &by_fingerprint, 404, |body| body.contains("has not published it")).await?;

	// Published: Bob's gpg receives it by fingerprint, with her user ID.
	import(&["--publish"])?;
	let armored = key_server_answers(port, &by_fingerprint, 200, |_| true).await?;
	assert!(armored.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----"), "{armored}");
	bob(&["--recv-keys", &fingerprint])?;
	let listing = String::from_utf8(bob_gpg.run(&["--with-colons", "--list-keys", &fingerprint])?)?;
	assert!(
		listing.lines().any(|line| line.starts_with("uid:") && line.contains("Alice <alice@example.org>")),
		"{listing}"
	);
	assert!(listing.lines().any(|line| line.starts_with("pub:-:")), "not revoked: {listing}");

	// By her address only once a member verified that she receives mail there (the first to claim an address
	// holds it until then).
	let by_email = "/pks/lookup?op=index&options=mr&search=alice@example.org";
	let (status, body) = http_get(port, by_email)?;
	assert!(status == 404 && body.contains("no consortium member has verified it"), "{status} {body}");
	member.json(&["member", "verify-email", &alice.account, "alice@example.org"])?;
	key_server_answers(port, by_email, 200, |_| true).await?;
	let found = String::from_utf8(bob(&["--with-colons", "--search-keys", "alice@example.org"])?)?;
	assert!(found.contains(&format!("pub:{fingerprint}:22:255:")), "{found}");
	assert!(found.contains("uid:Alice <alice@example.org>:"), "{found}");
	let (status, body) = http_get(port, "/vks/v1/by-email/alice%40example.org")?;
	assert_eq!((status, body), (200, armored.clone()));

	// A file Alice signs in her gpg verifies in Bob's with the key from the chain.
	let contract = dir.path().join("contract.txt");
	std::fs::write(&contract, "Alice agrees.\n")?;
	let signature = alice_gpg.sign(&fingerprint, &contract)?;
	let (contract_arg, signature_arg) = (contract.to_str().ok_or("path")?, signature.to_str().ok_or("path")?);
	let verified = bob_gpg.status(&["--verify", signature_arg, contract_arg])?;
	assert!(verified.contains("[GNUPG:] GOODSIG"), "{verified}");

	// Alice revokes on chain with her revocation certificate: the served key carries it, and Bob's refresh marks
	// the key revoked in his keyring. The chain still says the signature was made before the revocation.
	let certificate = dir.path().join("alice.rev");
	std::fs::write(&certificate, alice_gpg.revocation_certificate(&fingerprint)?)?;
	let short_id = &fingerprint[24..];
	alice.json(&[
		"key",
		"revoke",
		short_id,
		"--reason",
		"superseded",
		"--revocation",
		certificate.to_str().ok_or("path")?,
	])?;
	let index = format!("/pks/lookup?op=index&options=mr&search=0x{short_id}");
	key_server_answers(port, &index, 200, |body| body.lines().nth(1).is_some_and(|line| line.ends_with(":r"))).await?;
	bob(&["--refresh-keys"])?;
	let listing = String::from_utf8(bob_gpg.run(&["--with-colons", "--list-keys", &fingerprint])?)?;
	assert!(listing.lines().any(|line| line.starts_with("pub:r:")), "revoked: {listing}");
	let verified = bob_gpg.status(&["--verify", signature_arg, contract_arg])?;
	assert!(verified.contains("[GNUPG:] REVKEYSIG"), "{verified}");
	let verdict = alice.json(&["doc", "verify", contract_arg, "--sig", signature_arg])?;
	assert!(verdict["verdict"].as_str().is_some_and(|v| v.starts_with("VALID: made before the key was revoked")));

	// Uploads are refused (keys are published on chain by their owners); malformed queries and other pages too.
	assert!(bob(&["--send-keys", &fingerprint]).is_err(), "gpg --send-keys is refused");
	let (status, body) = http_request(port, "POST", "/pks/add")?;
	assert!(status == 403 && body.contains("sigil key import-gpg"), "{status} {body}");
	for (path, expected) in [
		("/pks/lookup?op=get&search=0x1234ABCD", 400),
		("/pks/lookup?op=get&search=Alice", 400),
		("/pks/lookup?search=alice@example.org", 400),
		("/pks/lookup?op=stats", 501),
		("/vks/v1/by-fingerprint/abc", 400),
		("/vks/v1/by-keyid/0000000000000000", 404),
		("/index.html", 404),
	] {
		assert_eq!(http_get(port, path)?.0, expected, "{path}");
	}
	assert_eq!(http_request(port, "DELETE", &by_fingerprint)?.0, 405);
	Ok(())
}
