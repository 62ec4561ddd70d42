// Host tests of interface configuration (uk_lwip_netif_configure) on a
// fake Ethernet netif that records the frames lwIP sends, and of NIC
// interfaces (uk_lwip_netdev_attach) on a fake <uk/netdev.h> device.
#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <vector>

#include "tests/host/lwip/stack_fixture.h"

extern "C" {
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "lwip/udp.h"
#include <uk/netdev.h>
}

namespace {

std::vector<std::vector<uint8_t>> g_frames;

err_t record_frame(netif *, pbuf *p)
{
	std::vector<uint8_t> f(p->tot_len);
	pbuf_copy_partial(p, f.data(), p->tot_len, 0);
	g_frames.push_back(f);
	return ERR_OK;
}

err_t fake_eth_init(netif *nif)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->mtu = 1500;
	nif->hwaddr_len = 6;
	memcpy(nif->hwaddr, mac, 6);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		     NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	nif->output = etharp_output;
	nif->output_ip6 = ethip6_output;
	nif->linkoutput = record_frame;
	return ERR_OK;
}

void add_netif(netif *nif)
{
	LOCK_TCPIP_CORE();
	ASSERT_NE(netif_add(nif, nullptr, nullptr, nullptr, nullptr,
			    fake_eth_init, tcpip_input),
		  nullptr);
	netif_set_link_up(nif);
	UNLOCK_TCPIP_CORE();
}

// A DHCP client request (UDP 68 -> 67) among frames.
bool saw_dhcp_request(
	const std::vector<std::vector<uint8_t>> &frames = g_frames)
{
	for (const auto &f : frames) {
		if (f.size() < 14 + 20 + 8 || f[12] != 0x08 || f[13] != 0x00)
			continue;
		size_t ihl = (f[14] & 0xf) * 4;
		const uint8_t *udp = f.data() + 14 + ihl;
		if (f[14 + 9] == 17 && udp[0] == 0 && udp[1] == 68 &&
		    udp[2] == 0 && udp[3] == 67)
			return true;
	}
	return false;
}

class NetifTest : public LwipTest {};

TEST_F(NetifTest, StaticConfigurationFromCommandLine)
{
	static netif nif;
	uk_lwip_netcfg cfg;

	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=10.0.2.15/24 "
				       "netdev.gw=10.0.2.2",
				       &cfg),
		  0);
	add_netif(&nif);
	g_frames.clear();
	ASSERT_EQ(uk_lwip_netif_configure(&nif, &cfg), 0);
	uk_sched_sleep_ns(100 * 1000000ULL);

	EXPECT_EQ(ip4_addr_get_u32(netif_ip4_addr(&nif)),
		  inet_addr("10.0.2.15"));
	EXPECT_EQ(ip4_addr_get_u32(netif_ip4_netmask(&nif)),
		  inet_addr("255.255.255.0"));
	EXPECT_EQ(ip4_addr_get_u32(netif_ip4_gw(&nif)), inet_addr("10.0.2.2"));
	EXPECT_TRUE(netif_is_up(&nif));
	EXPECT_EQ(netif_default, &nif);
	// IPv6 link-local from the MAC (fe80::5054:ff:fe12:3456).
	const ip6_addr_t *ll = netif_ip6_addr(&nif, 0);
	EXPECT_EQ(ntohl(ll->addr[0]), 0xfe800000u);
	EXPECT_EQ(ntohl(ll->addr[3]), 0xfe123456u);
	EXPECT_FALSE(ip6_addr_isinvalid(netif_ip6_addr_state(&nif, 0)));
	EXPECT_FALSE(saw_dhcp_request());
}

TEST_F(NetifTest, DhcpSendsRequest)
{
	static netif nif;
	uk_lwip_netcfg cfg;

	ASSERT_EQ(uk_lwip_netcfg_parse("ip=dhcp", &cfg), 0);
	add_netif(&nif);
	g_frames.clear();
	ASSERT_EQ(uk_lwip_netif_configure(&nif, &cfg), 0);
	uk_sched_sleep_ns(100 * 1000000ULL);
	EXPECT_TRUE(saw_dhcp_request());
	EXPECT_EQ(ip4_addr_get_u32(netif_ip4_addr(&nif)), 0u);
}

// A NIC that records what it sends and receives what the test queues.
struct FakeNic {
	uk_netdev dev;
	std::deque<std::vector<uint8_t>> rx;
	std::vector<std::vector<uint8_t>> tx;
};

int fake_tx(uk_netdev *dev, const iovec *iov, unsigned int iovcnt)
{
	auto *nic = static_cast<FakeNic *>(dev->priv);
	std::vector<uint8_t> f;

	for (unsigned int i = 0; i < iovcnt; i++) {
		auto *b = static_cast<const uint8_t *>(iov[i].iov_base);
		f.insert(f.end(), b, b + iov[i].iov_len);
	}
	nic->tx.push_back(f);
	return 0;
}

int fake_rx(uk_netdev *dev, void *buf, size_t len)
{
	auto *nic = static_cast<FakeNic *>(dev->priv);

	if (len < UK_NETDEV_FRAME_MAX(dev))
		return -EINVAL;
	if (nic->rx.empty())
		return -EAGAIN;
	std::vector<uint8_t> f = nic->rx.front();
	nic->rx.pop_front();
	memcpy(buf, f.data(), f.size());
	return (int)f.size();
}

const uk_netdev_ops fake_ops = { fake_tx, fake_rx };

void init_nic(FakeNic *nic, uint8_t last)
{
	memset(&nic->dev, 0, sizeof(nic->dev));
	strcpy(nic->dev.name, "fake");
	const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, last };
	memcpy(nic->dev.mac, mac, 6);
	nic->dev.mtu = 1500;
	nic->dev.ops = &fake_ops;
	nic->dev.priv = nic;
}

TEST_F(NetifTest, NetdevInterfaceAnswersArp)
{
	static FakeNic nic;
	uk_lwip_netcfg cfg;

	init_nic(&nic, 0x01);
	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=192.168.50.2/24", &cfg), 0);
	ASSERT_EQ(uk_lwip_netdev_attach(&nic.dev, &cfg), 0);
	uk_sched_sleep_ns(10 * 1000000ULL);
	nic.tx.clear();

	// who-has 192.168.50.2 tell 192.168.50.1, from 02:00:00:00:00:01
	const uint8_t peer[6] = { 2, 0, 0, 0, 0, 1 };
	std::vector<uint8_t> req(60, 0);
	memset(req.data(), 0xff, 6);
	memcpy(&req[6], peer, 6);
	req[12] = 0x08, req[13] = 0x06;
	const uint8_t arp[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	memcpy(&req[14], arp, 8);
	memcpy(&req[22], peer, 6);
	const uint8_t spa[4] = { 192, 168, 50, 1 },
		      tpa[4] = { 192, 168, 50, 2 };
	memcpy(&req[28], spa, 4);
	memcpy(&req[38], tpa, 4);
	nic.rx.push_back(req);
	uk_netdev_rx_notify(&nic.dev);
	uk_sched_sleep_ns(10 * 1000000ULL);

	bool replied = false;
	for (const auto &f : nic.tx) {
		if (f.size() >= 42 && f[12] == 0x08 && f[13] == 0x06 &&
		    f[21] == 2 && !memcmp(&f[0], peer, 6) &&
		    !memcmp(&f[22], nic.dev.mac, 6) && !memcmp(&f[28], tpa, 4))
			replied = true;
	}
	EXPECT_TRUE(replied);
	EXPECT_TRUE(nic.rx.empty());
}

// An ARP request for 192.168.50.2 from 02:00:00:00:00:<peer>.
std::vector<uint8_t> arp_request(uint8_t peer_last)
{
	const uint8_t peer[6] = { 2, 0, 0, 0, 0, peer_last };
	std::vector<uint8_t> req(60, 0);
	memset(req.data(), 0xff, 6);
	memcpy(&req[6], peer, 6);
	req[12] = 0x08, req[13] = 0x06;
	const uint8_t arp[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	memcpy(&req[14], arp, 8);
	memcpy(&req[22], peer, 6);
	const uint8_t spa[4] = { 192, 168, 50, 1 },
		      tpa[4] = { 192, 168, 50, 2 };
	memcpy(&req[28], spa, 4);
	memcpy(&req[38], tpa, 4);
	return req;
}

// A burst of more frames than the tcpip mailbox holds (TCPIP_MBOX_SIZE)
// while the tcpip thread is busy: none is dropped (issue 18: 500
// slowloris clients' bytes at once lost segments, and clients waited for
// retransmissions, seconds).
TEST_F(NetifTest, NetdevBurstBeyondTheMailboxIsNotDropped)
{
	static FakeNic nic;
	uk_lwip_netcfg cfg;
	const int burst = TCPIP_MBOX_SIZE + 100;

	init_nic(&nic, 0x03);
	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=192.168.50.2/24", &cfg), 0);
	ASSERT_EQ(uk_lwip_netdev_attach(&nic.dev, &cfg), 0);
	uk_sched_sleep_ns(10 * 1000000ULL);
	nic.tx.clear();

	// The tcpip thread is kept from the mailbox while the frames arrive.
	LOCK_TCPIP_CORE();
	for (int i = 0; i < burst; i++)
		nic.rx.push_back(arp_request((uint8_t)(i % 200 + 1)));
	uk_netdev_rx_notify(&nic.dev);
	uk_sched_sleep_ns(50 * 1000000ULL);
	UNLOCK_TCPIP_CORE();
	for (int i = 0; i < 100 && nic.tx.size() < (size_t)burst; i++)
		uk_sched_sleep_ns(10 * 1000000ULL);

	size_t replies = 0;
	for (const auto &f : nic.tx) {
		if (f.size() >= 42 && f[12] == 0x08 && f[13] == 0x06 &&
		    f[21] == 2)
			replies++;
	}
	EXPECT_EQ(replies, (size_t)burst);
	EXPECT_TRUE(nic.rx.empty());
}

// Packets sent to an address whose ARP reply has not come yet all go out
// when it comes (issue 18: at boot, 16 SYNs arrived before the gateway's
// ARP reply; lwIP's default queue of one kept only the last SYN-ACK, and
// every other client waited 2.8 s for lwIP's retransmission).
TEST_F(NetifTest, NetdevPacketsAwaitingArpAreAllSent)
{
	static FakeNic nic;
	uk_lwip_netcfg cfg;
	const int burst = 16;
	const uint8_t peer[6] = { 2, 0, 0, 0, 0, 9 };
	const uint8_t spa[4] = { 192, 168, 61, 9 },
		      tpa[4] = { 192, 168, 61, 2 };
	ip_addr_t dst;

	init_nic(&nic, 0x04);
	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=192.168.61.2/24", &cfg), 0);
	ASSERT_EQ(uk_lwip_netdev_attach(&nic.dev, &cfg), 0);
	uk_sched_sleep_ns(10 * 1000000ULL);
	nic.tx.clear();

	IP_ADDR4(&dst, 192, 168, 61, 9);
	LOCK_TCPIP_CORE();
	udp_pcb *pcb = udp_new();
	ASSERT_NE(pcb, nullptr);
	for (int i = 0; i < burst; i++) {
		pbuf *p = pbuf_alloc(PBUF_TRANSPORT, 1, PBUF_RAM);
		ASSERT_NE(p, nullptr);
		*(uint8_t *)p->payload = (uint8_t)i;
		EXPECT_EQ(udp_sendto(pcb, p, &dst, 9999), ERR_OK);
		pbuf_free(p);
	}
	UNLOCK_TCPIP_CORE();

	// 192.168.61.9 is at 02:00:00:00:00:09.
	std::vector<uint8_t> reply(60, 0);
	memcpy(&reply[0], nic.dev.mac, 6);
	memcpy(&reply[6], peer, 6);
	reply[12] = 0x08, reply[13] = 0x06;
	const uint8_t arp[8] = { 0, 1, 8, 0, 6, 4, 0, 2 };
	memcpy(&reply[14], arp, 8);
	memcpy(&reply[22], peer, 6);
	memcpy(&reply[28], spa, 4);
	memcpy(&reply[32], nic.dev.mac, 6);
	memcpy(&reply[38], tpa, 4);
	nic.rx.push_back(reply);
	uk_netdev_rx_notify(&nic.dev);
	for (int i = 0; i < 100 && nic.tx.size() < (size_t)burst + 1; i++)
		uk_sched_sleep_ns(10 * 1000000ULL);

	std::vector<bool> sent(burst, false);
	for (const auto &f : nic.tx) {
		if (f.size() >= 14 + 20 + 8 + 1 && f[12] == 0x08 &&
		    f[13] == 0x00 && f[23] == 17 && !memcmp(&f[0], peer, 6) &&
		    !memcmp(&f[30], spa, 4) && f[42] < burst)
			sent[f[42]] = true;
	}
	for (int i = 0; i < burst; i++)
		EXPECT_TRUE(sent[i]) << "datagram " << i << " lost";
	LOCK_TCPIP_CORE();
	udp_remove(pcb);
	UNLOCK_TCPIP_CORE();
}

TEST_F(NetifTest, NetdevInterfaceStartsDhcp)
{
	static FakeNic nic;
	uk_lwip_netcfg cfg;

	init_nic(&nic, 0x02);
	ASSERT_EQ(uk_lwip_netcfg_parse("", &cfg), 0);
	ASSERT_EQ(uk_lwip_netdev_attach(&nic.dev, &cfg), 0);
	uk_sched_sleep_ns(100 * 1000000ULL);
	EXPECT_TRUE(saw_dhcp_request(nic.tx));
}

} // namespace
