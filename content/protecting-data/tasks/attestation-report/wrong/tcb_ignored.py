import hashlib
import hmac
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec


def verify_report(report, signature, chip_cert_pem, root_cert_pem, expected_measurement, nonce, min_tcb):
    """Return the parsed report if it is genuine, fresh and describes the expected VM."""
    root = x509.load_pem_x509_certificate(root_cert_pem)
    chip = x509.load_pem_x509_certificate(chip_cert_pem)
    try:
        chip.verify_directly_issued_by(root)  # the chip key is vouched for by the vendor
        chip.public_key().verify(signature, report, ec.ECDSA(hashes.SHA384()))
    except (InvalidSignature, TypeError):
        raise ValueError("the report is not signed by a key the vendor vouches for") from None
    fields = json.loads(report)  # only now is the content trusted enough to read
    if not hmac.compare_digest(fields["measurement"], expected_measurement):
        raise ValueError("the VM did not boot the expected image")
    if not hmac.compare_digest(fields["report_data"], hashlib.sha512(nonce).hexdigest()):
        raise ValueError("the report does not answer this challenge: replayed?")
    if fields["policy"]["debug"] is not False:
        raise ValueError("a debuggable VM lets the host read its memory")
    # wrong: any firmware version is accepted
    return fields
