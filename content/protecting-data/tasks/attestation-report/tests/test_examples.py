import datetime
import hashlib
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
MEASUREMENT = hashlib.sha384(b"guest firmware + kernel + initrd + command line").hexdigest()


def _cert(subject, key, issuer=None, issuer_key=None):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    return (x509.CertificateBuilder().subject_name(name)
            .issuer_name(issuer.subject if issuer else name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=1))
            .not_valid_after(NOW + datetime.timedelta(days=365))
            .sign(issuer_key or key, hashes.SHA384()))


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def vendor(label="Vendor root"):
    """A root certificate and a chip key certified by it, as PEM plus the chip's private key."""
    root_key, chip_key = ec.generate_private_key(ec.SECP384R1()), ec.generate_private_key(ec.SECP384R1())
    root = _cert(label, root_key)
    chip = _cert("Chip 0042", chip_key, root, root_key)
    return _pem(root), _pem(chip), chip_key


def report(chip_key, nonce, measurement=MEASUREMENT, debug=False, tcb=7):
    body = json.dumps({
        "version": 3,
        "measurement": measurement,
        "report_data": hashlib.sha512(nonce).hexdigest(),
        "policy": {"debug": debug},
        "tcb": tcb,
    }, sort_keys=True).encode()
    return body, chip_key.sign(body, ec.ECDSA(hashes.SHA384()))

from solution import verify_report

ROOT, CHIP, CHIP_KEY = vendor()


def test_a_genuine_fresh_report_is_accepted():
    nonce = b"challenge-1"
    body, signature = report(CHIP_KEY, nonce)
    fields = verify_report(body, signature, CHIP, ROOT, MEASUREMENT, nonce, 5)
    assert fields["measurement"] == MEASUREMENT and fields["tcb"] == 7


def test_another_image_is_refused():
    nonce = b"challenge-2"
    body, signature = report(CHIP_KEY, nonce, measurement=hashlib.sha384(b"other image").hexdigest())
    try:
        verify_report(body, signature, CHIP, ROOT, MEASUREMENT, nonce, 5)
    except ValueError:
        pass
    else:
        raise AssertionError("a report for another measurement must raise ValueError")
