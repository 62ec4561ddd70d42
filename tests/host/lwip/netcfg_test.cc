// Host tests of the kernel command line's network options
// (third_party/lwip/port/netcfg.c).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <cerrno>

extern "C" {
#include <uk/lwip.h>
}

namespace {

uint32_t ip(const char *s)
{
	return inet_addr(s);
}

TEST(NetcfgTest, DefaultIsDhcp)
{
	uk_lwip_netcfg cfg;

	EXPECT_EQ(uk_lwip_netcfg_parse("", &cfg), 0);
	EXPECT_TRUE(cfg.dhcp);
	EXPECT_EQ(uk_lwip_netcfg_parse(nullptr, &cfg), 0);
	EXPECT_TRUE(cfg.dhcp);
	EXPECT_EQ(uk_lwip_netcfg_parse("console=ttyS0 -- app arg", &cfg), 0);
	EXPECT_TRUE(cfg.dhcp);
	EXPECT_EQ(cfg.ip, 0u);
}

TEST(NetcfgTest, StaticAddressPrefixAndGateway)
{
	uk_lwip_netcfg cfg;

	ASSERT_EQ(uk_lwip_netcfg_parse(
			  "quiet netdev.ip=10.0.2.15/24 netdev.gw=10.0.2.2 x",
			  &cfg),
		  0);
	EXPECT_FALSE(cfg.dhcp);
	EXPECT_EQ(cfg.ip, ip("10.0.2.15"));
	EXPECT_EQ(cfg.netmask, ip("255.255.255.0"));
	EXPECT_EQ(cfg.gw, ip("10.0.2.2"));

	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=192.168.7.9/20", &cfg), 0);
	EXPECT_EQ(cfg.netmask, ip("255.255.240.0"));
	EXPECT_EQ(cfg.gw, 0u);
	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=1.2.3.4", &cfg), 0);
	EXPECT_EQ(cfg.netmask, ip("255.255.255.0"));
	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=1.2.3.4/32", &cfg), 0);
	EXPECT_EQ(cfg.netmask, ip("255.255.255.255"));
	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=1.2.3.4/0", &cfg), 0);
	EXPECT_EQ(cfg.netmask, 0u);
}

TEST(NetcfgTest, DhcpWordsAndLastWordWins)
{
	uk_lwip_netcfg cfg;

	ASSERT_EQ(uk_lwip_netcfg_parse("ip=dhcp", &cfg), 0);
	EXPECT_TRUE(cfg.dhcp);
	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=1.2.3.4/8 ip=dhcp", &cfg), 0);
	EXPECT_TRUE(cfg.dhcp);
	EXPECT_EQ(cfg.ip, 0u);
	ASSERT_EQ(uk_lwip_netcfg_parse("netdev.ip=dhcp netdev.ip=1.2.3.4/8",
				       &cfg),
		  0);
	EXPECT_FALSE(cfg.dhcp);
	EXPECT_EQ(cfg.ip, ip("1.2.3.4"));
	// Words that only start like ours are not ours.
	ASSERT_EQ(uk_lwip_netcfg_parse("xnetdev.ip=1.2.3.4 ipx=dhcp", &cfg), 0);
	EXPECT_TRUE(cfg.dhcp);
}

TEST(NetcfgTest, MalformedValuesAreRejected)
{
	const char *bad[] = {
		"netdev.ip=",
		"netdev.ip=10.0.2",
		"netdev.ip=10.0.2.256/24",
		"netdev.ip=10.0.2.15/33",
		"netdev.ip=10.0.2.15/",
		"netdev.ip=10.0.2.15/24x",
		"netdev.ip=10..2.15",
		"netdev.ip=10.0.2.15.1",
		"netdev.ip=static",
		"netdev.ip=10.0.2.15 netdev.gw=10.0.2",
		"netdev.gw=10.0.2.2",
		"netdev.ip=dhcp netdev.gw=10.0.2.2",
	};
	uk_lwip_netcfg cfg;

	for (const char *s : bad) {
		EXPECT_EQ(uk_lwip_netcfg_parse(s, &cfg), -EINVAL) << s;
		EXPECT_TRUE(cfg.dhcp) << s;
	}
}

} // namespace
