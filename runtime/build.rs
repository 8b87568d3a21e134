fn main() {
	#[cfg(feature = "std")]
	reproducible::configure();

	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults().enable_metadata_hash("SGL", 12).build();

	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();

	// The same runtime one spec version higher, for the end-to-end test of a runtime upgrade (`next_spec_version`).
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_feature("next-spec-version")
		.set_file_name("wasm_binary_next_spec_version.rs")
		.build();
}

/// The same sources and toolchain give the same wasm wherever the checkout, cargo's home and the target directory
/// are (members check an upgrade by rebuilding it and comparing its hash). Two things carry those locations into
/// the wasm:
///
/// - Paths, in panic locations (`file!()`): the checkout's, cargo's home's, the target directory's and the standard
///   library's are remapped to fixed prefixes, as srtool's fixed build paths do.
/// - Crate identities. substrate-wasm-builder builds the runtime as a path dependency of a project of its own in the
///   target directory, and cargo derives the `-C metadata` of a path dependency outside the building workspace from
///   its absolute path (rust-lang/cargo#13586). That value seeds every symbol hash and type id of the crate, and the
///   symbol names stay in the wasm's name section. A rustc wrapper replaces it, for the crates of this checkout and
///   the builder's project, with one derived from the crate's path inside them.
///
/// The checkout-specific part is in the wrapper, not in `RUSTFLAGS`: cargo rebuilds every crate when `RUSTFLAGS`
/// changes, and checkouts sharing a target directory would rebuild each other's dependencies in turn.
#[cfg(feature = "std")]
mod reproducible {
	use std::path::{Path, PathBuf};

	pub fn configure() {
		for variable in ["CARGO_HOME", "HOME", "RUSTC_WRAPPER"] {
			println!("cargo:rerun-if-env-changed={variable}");
		}
		let (Some(checkout), Some(target), Some(cargo_home)) = (checkout(), target_profile_dir(), cargo_home()) else {
			println!("cargo:warning=cannot tell where the checkout, target or cargo home are: wasm not reproducible");
			return;
		};
		let mut flags = std::env::var("WASM_BUILD_RUSTFLAGS").unwrap_or_default();
		for (from, to) in [(&cargo_home, "/cargo-home"), (&target, "/target")] {
			flags.push_str(&format!(" --remap-path-prefix={}={to}", from.display()));
		}
		// With rustup's rust-src component installed, rustc names the standard library's sources by their local path
		// (`~/.rustup/toolchains/<name>/lib/rustlib/src/rust/...`) instead of the `/rustc/<commit>/...` they were
		// built from; map them back, so that neither the toolchain's location nor the component matters.
		if let Some((sources, commit)) = rust_sources() {
			flags.push_str(&format!(" --remap-path-prefix={}=/rustc/{commit}", sources.display()));
		}
		std::env::set_var("WASM_BUILD_RUSTFLAGS", flags.trim());
		if let Err(e) = install_wrapper(&checkout, &target) {
			println!("cargo:warning=no rustc wrapper ({e}): the wasm depends on the checkout's path");
		}
	}

	/// The workspace root: the runtime crate's parent. Read when the script runs, not when it was compiled: checkouts
	/// sharing a target directory share this script's binary, and one compiled in another checkout would otherwise
	/// remap that checkout's path and leave this one's in the wasm.
	fn checkout() -> Option<PathBuf> {
		let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
		manifest_dir.parent().map(Path::to_path_buf)
	}

	/// `<target>/<profile>`, found as substrate-wasm-builder finds it: the parent of `build` above `OUT_DIR`.
	fn target_profile_dir() -> Option<PathBuf> {
		let out_dir = PathBuf::from(std::env::var_os("OUT_DIR")?);
		out_dir.ancestors().find(|dir| dir.ends_with("build")).and_then(Path::parent).map(Path::to_path_buf)
	}

	/// The toolchain's local copy of the standard library's sources, and the compiler's commit hash.
	fn rust_sources() -> Option<(PathBuf, String)> {
		let rustc = std::env::var_os("RUSTC")?;
		let output = |args: &[&str]| -> Option<String> {
			let out = std::process::Command::new(&rustc).args(args).output().ok()?;
			out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
		};
		let sysroot = PathBuf::from(output(&["--print", "sysroot"])?);
		let version = output(&["-vV"])?;
		let commit = version.lines().find_map(|line| line.strip_prefix("commit-hash: "))?.trim().to_string();
		Some((sysroot.join("lib/rustlib/src/rust"), commit))
	}

	fn cargo_home() -> Option<PathBuf> {
		std::env::var_os("CARGO_HOME")
			.map(PathBuf::from)
			.or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
	}

	#[cfg(unix)]
	fn install_wrapper(checkout: &Path, target: &Path) -> std::io::Result<()> {
		use std::os::unix::fs::PermissionsExt;
		let quote = |path: &Path| format!("'{}'", path.display().to_string().replace('\'', r"'\''"));
		// A rustc wrapper the user already has (sccache, ...) still runs, after this one.
		let inner = std::env::var("RUSTC_WRAPPER").unwrap_or_default();
		let inner = if inner.is_empty() { String::new() } else { format!("{} ", quote(Path::new(&inner))) };
		let script = WRAPPER
			.replace("@CHECKOUT@", &quote(checkout))
			.replace("@WBUILD@", &quote(&target.join("wbuild")))
			.replace("@TARGET@", &quote(target))
			.replace("@INNER@", &inner);
		let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or(std::io::ErrorKind::NotFound)?);
		let path = out_dir.join("reproducible-rustc");
		std::fs::write(&path, script)?;
		std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
		// Read by the cargo that substrate-wasm-builder starts (it inherits this process's environment).
		std::env::set_var("RUSTC_WRAPPER", &path);
		Ok(())
	}

	#[cfg(not(unix))]
	fn install_wrapper(_checkout: &Path, _target: &Path) -> std::io::Result<()> {
		Err(std::io::Error::other("only written for unix"))
	}

	/// Called by cargo as `reproducible-rustc RUSTC ARGS...`. Only compilations for a target (the wasm) of a crate
	/// whose source is in the checkout or the builder's project are changed: their `-C metadata` becomes the
	/// crate's path there and its name, and the checkout's path is remapped (the target directory's again after
	/// it, for a target directory inside the checkout).
	const WRAPPER: &str = r#"#!/bin/sh
# Written by sigil-runtime's build.rs: see `reproducible` there.
rustc="$1"
shift
checkout=@CHECKOUT@
wbuild=@WBUILD@
target=@TARGET@
name=
file=
cross=
previous=
for arg in "$@"; do
	case "$previous" in --crate-name) name="$arg" ;; esac
	case "$arg" in
		--target | --target=*) cross=1 ;;
		-*) ;;
		/*.rs) file="$arg" ;;
		# Cargo names a workspace member's source relative to the workspace root, where it runs rustc.
		*.rs) file="$PWD/$arg" ;;
	esac
	previous="$arg"
done
source=
# The builder's project first: the target directory may be inside the checkout.
case "$file" in
	"$wbuild"/*) source="wbuild/${file#"$wbuild"/}" ;;
	"$checkout"/*) source="checkout/${file#"$checkout"/}" ;;
esac
if [ -n "$cross" ] && [ -n "$source" ] && [ -n "$name" ]; then
	first=1
	previous=
	for arg in "$@"; do
		if [ -n "$first" ]; then
			set --
			first=
		fi
		case "$previous:$arg" in
			-C:metadata=*) arg="metadata=sigil:$source:$name" ;;
		esac
		case "$arg" in
			-Cmetadata=*) arg="-Cmetadata=sigil:$source:$name" ;;
		esac
		set -- "$@" "$arg"
		previous="$arg"
	done
	set -- "$@" "--remap-path-prefix=$checkout=/sigil" "--remap-path-prefix=$target=/target"
fi
exec @INNER@"$rustc" "$@"
"#;
}
