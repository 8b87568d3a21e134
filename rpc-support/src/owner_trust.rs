//! The owner-trust JSON that the `trust_*` and `messages_*` namespaces share: a validity as a tag with its reason.

use serde::{Deserialize, Serialize};
use sigil_primitives::{NeverReason, Validity};

/// `{ "validity": "full" }`, ... or `{ "validity": "never", "reason": "fraudMark" }`; flattened into the object
/// that carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "validity", rename_all_fields = "camelCase")]
pub enum ValidityJson {
	/// The target is the viewer itself (or one of the network view's roots).
	Ultimate,
	/// Enough valid introducers vouch for the target.
	Full,
	/// Some valid introducers vouch for the target, but not enough.
	Marginal,
	/// No valid introducer vouches for the target within the search.
	Unknown,
	/// `reason`: `fraudMark` or `distrusted`.
	Never {
		/// Why the target is never valid in this view.
		reason: NeverReasonJson,
	},
	/// The target has no registered identity.
	NotRegistered,
}

/// Why a target is "never" valid in a view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NeverReasonJson {
	/// The target carries a fraud mark (a proven double spend): it is "never" for everyone until cleared.
	FraudMark,
	/// The viewer (or, in the network view, one of the roots) set "never" on the target.
	Distrusted,
}

impl From<Validity> for ValidityJson {
	fn from(validity: Validity) -> Self {
		match validity {
			Validity::Ultimate => Self::Ultimate,
			Validity::Full => Self::Full,
			Validity::Marginal => Self::Marginal,
			Validity::Unknown => Self::Unknown,
			Validity::Never(NeverReason::FraudMark) => Self::Never { reason: NeverReasonJson::FraudMark },
			Validity::Never(NeverReason::Distrusted) => Self::Never { reason: NeverReasonJson::Distrusted },
			Validity::NotRegistered => Self::NotRegistered,
		}
	}
}
