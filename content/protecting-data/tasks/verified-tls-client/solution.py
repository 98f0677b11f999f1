import socket
import ssl


def fetch(port, cafile, hostname, request):
    """Send request to 127.0.0.1:port over verified TLS 1.3 and return the whole reply."""
    context = ssl.create_default_context(cafile=cafile)  # checks the chain and the name
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=hostname) as tls:
            tls.sendall(request)
            chunks = []
            while chunk := tls.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)
