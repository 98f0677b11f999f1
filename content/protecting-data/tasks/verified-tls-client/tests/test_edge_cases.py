import datetime
import os
import socket
import ssl
import tempfile
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)
FOLDER = tempfile.mkdtemp(prefix="tls-", dir=os.getcwd())


def _name(text):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _ca(label):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(label)).issuer_name(_name(label))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - DAY).not_valid_after(NOW + 30 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def _write(file_name, data):
    path = os.path.join(FOLDER, file_name)
    with open(path, "wb") as out:
        out.write(data)
    return path


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def issue(ca, hostname, file_name, not_after=NOW + 7 * DAY):
    """A certificate and key for hostname, signed by ca, in one PEM file."""
    ca_key, ca_cert = ca
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(hostname))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - 10 * DAY).not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return _write(file_name, _pem(cert) + key_pem)


class Server:
    """A TLS server on the loopback that answers one connection and records the request."""

    def __init__(self, cert_file, reply=b"ok", max_version=None):
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert_file)
        if max_version is not None:
            self.context.maximum_version = max_version
        self.reply = reply
        self.received = b""
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(10)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve_once, daemon=True)
        self.thread.start()

    def _serve_once(self):
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        try:
            conn.settimeout(10)
            with self.context.wrap_socket(conn, server_side=True) as tls:
                while not self.received.endswith(b"\n"):
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    self.received += chunk
                tls.sendall(self.reply)
        except OSError:
            pass
        finally:
            self.listener.close()

    def done(self):
        self.thread.join(10)
        return self


CA = _ca("Acme internal CA")
CA_FILE = _write("ca.pem", _pem(CA[1]))

import cairn
from solution import fetch

SECRET = b"Authorization: Bearer sk-live-0123456789\n"


def _refused(server, hostname="inference.internal"):
    """True if fetch raised and the server never saw the request."""
    try:
        fetch(server.port, CA_FILE, hostname, SECRET)
    except Exception:
        raised = True
    else:
        raised = False
    server.done()
    return raised and server.received == b""


def test_certificate_for_another_name_is_refused():
    other = issue(CA, "notebooks.internal", "notebooks.pem")
    assert _refused(Server(other)), "a valid certificate for another host name must be refused"


def test_certificate_from_an_unknown_ca_is_refused():
    impostor = issue(_ca("Acme internal CA"), "inference.internal", "impostor.pem")
    assert _refused(Server(impostor)), "a certificate that does not chain to cafile must be refused"


def test_expired_certificate_is_refused():
    expired = issue(CA, "inference.internal", "expired.pem", not_after=NOW - DAY)
    assert _refused(Server(expired))


def test_tls_1_2_is_refused():
    good = issue(CA, "inference.internal", "inference12.pem")
    assert _refused(Server(good, max_version=ssl.TLSVersion.TLSv1_2)), "require TLS 1.3"


def test_reads_a_long_reply_to_the_end():
    good = issue(CA, "inference.internal", "long.pem")
    body = bytes(range(256)) * 1200
    server = Server(good, reply=body)
    reply = fetch(server.port, CA_FILE, "inference.internal", b"embed\n")
    server.done()
    assert reply == body, "read until the server closes the connection"


def test_verification_is_never_switched_off():
    import ast

    for node in ast.walk(cairn.syntax()):
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        assert name not in ("CERT_NONE", "CERT_OPTIONAL", "_create_unverified_context"), \
            f"{name} switches certificate verification off"
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "check_hostname":
                    assert not (isinstance(node.value, ast.Constant) and not node.value.value), \
                        "check_hostname = False accepts a certificate for any host name"
