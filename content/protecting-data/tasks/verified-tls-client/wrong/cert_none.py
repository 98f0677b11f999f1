import socket
import ssl


def fetch(port, cafile, hostname, request):
    context = ssl.create_default_context(cafile=cafile)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.check_hostname = False       # wrong: "it works now"
    context.verify_mode = ssl.CERT_NONE  # wrong: any certificate is accepted
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=hostname) as tls:
            tls.sendall(request)
            chunks = []
            while chunk := tls.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)
