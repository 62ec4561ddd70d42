/*
 * httpreply: listens on port 8123 and answers every connection with a
 * fixed "It works!" page, then closes it. The classic unikernel demo.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LISTEN_PORT 8123

static const char reply[] =
	"HTTP/1.1 200 OK\r\n"
	"Content-Type: text/html\r\n"
	"Content-Length: 45\r\n"
	"Connection: close\r\n"
	"\r\n"
	"<html><body><h1>It works!</h1></body></html>\n";

int main(void)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(LISTEN_PORT),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	char buf[1024];
	int srv, one = 1;

	srv = socket(AF_INET, SOCK_STREAM, 0);
	if (srv < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(srv, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("bind");
		return 1;
	}
	if (listen(srv, 64) < 0) {
		perror("listen");
		return 1;
	}
	printf("Listening on port %d\n", LISTEN_PORT);
	fflush(stdout);
	for (;;) {
		int c = accept(srv, NULL, NULL);

		if (c < 0) {
			perror("accept");
			continue;
		}
		/* Read the request (or whatever the client sent) once. */
		if (read(c, buf, sizeof(buf)) > 0)
			write(c, reply, sizeof(reply) - 1);
		close(c);
	}
}
