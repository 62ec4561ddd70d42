// A 9P2000.L server for 9pfs host tests: serves a directory of the host
// (the test's temporary directory) through a uk_9p_transport, using the
// host's own file calls, as QEMU's -virtfs security_model=none does.
#ifndef TESTS_HOST_VFS_FAKE9P_H
#define TESTS_HOST_VFS_FAKE9P_H

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>

extern "C" {
#include <uk/9pfs.h>
}

class Fake9p {
public:
	explicit Fake9p(std::string root) : root_(std::move(root))
	{
		t_.request = Request;
		t_.msize = 8192;
		t_.server = this;
	}
	~Fake9p()
	{
		for (auto &f : fids_)
			Close(f.second);
	}
	uk_9p_transport *transport()
	{
		return &t_;
	}
	// Fids the client holds now (to check that it clunks them).
	size_t fids() const
	{
		return fids_.size();
	}
	// Set to make the next reply of this type an Rlerror with errno.
	uint8_t fail_type = 0;
	int fail_errno = 0;

private:
	struct Fid {
		std::string path;
		int fd = -1;
		DIR *dir = nullptr;
	};

	struct Msg {
		const char *p;
		size_t left;
		template <typename T> T Get()
		{
			T v{};
			if (left >= sizeof(T)) {
				memcpy(&v, p, sizeof(T));
				p += sizeof(T);
				left -= sizeof(T);
			}
			return v;
		}
		std::string Str()
		{
			uint16_t n = Get<uint16_t>();
			std::string s(p, std::min<size_t>(n, left));
			p += s.size();
			left -= s.size();
			return s;
		}
	};

	struct Out {
		std::string s;
		template <typename T> void Put(T v)
		{
			s.append(reinterpret_cast<const char *>(&v), sizeof(T));
		}
		void Str(const std::string &v)
		{
			Put<uint16_t>((uint16_t)v.size());
			s += v;
		}
		void Qid(const struct stat &st)
		{
			Put<uint8_t>(S_ISDIR(st.st_mode) ? 0x80 :
				     S_ISLNK(st.st_mode) ? 0x02 :
							   0);
			Put<uint32_t>(0);
			Put<uint64_t>(st.st_ino);
		}
	};

	static void Close(Fid &f)
	{
		if (f.fd >= 0)
			close(f.fd);
		if (f.dir)
			closedir(f.dir);
		f.fd = -1;
		f.dir = nullptr;
	}

	static long Request(uk_9p_transport *t, const void *tx, size_t len,
			    void *rx, size_t cap)
	{
		Fake9p *s = static_cast<Link *>(t)->server;
		std::string r = s->Handle(static_cast<const char *>(tx), len);

		if (r.size() > cap)
			return -EIO;
		memcpy(rx, r.data(), r.size());
		return (long)r.size();
	}

	static std::string Reply(uint8_t type, uint16_t tag, const Out &body)
	{
		Out o;

		o.Put<uint32_t>((uint32_t)(7 + body.s.size()));
		o.Put<uint8_t>(type);
		o.Put<uint16_t>(tag);
		return o.s + body.s;
	}

	static std::string Error(uint16_t tag, int e)
	{
		Out b;

		b.Put<uint32_t>((uint32_t)e);
		return Reply(7, tag, b);
	}

	std::string Handle(const char *tx, size_t len)
	{
		Msg m{ tx, len };
		m.Get<uint32_t>();
		uint8_t type = m.Get<uint8_t>();
		uint16_t tag = m.Get<uint16_t>();
		Out b;
		int e;

		if (type == fail_type) {
			fail_type = 0;
			return Error(tag, fail_errno);
		}
		e = Serve(type, m, b);
		return e ? Error(tag, e) : Reply(type + 1, tag, b);
	}

	Fid *Get(uint32_t fid)
	{
		auto it = fids_.find(fid);
		return it == fids_.end() ? nullptr : &it->second;
	}

	static int Stat(const std::string &path, struct stat *st)
	{
		return lstat(path.c_str(), st) ? errno : 0;
	}

	// Serves one request into b; returns 0 or an errno for Rlerror.
	int Serve(uint8_t type, Msg &m, Out &b)
	{
		struct stat st;
		Fid *f;

		switch (type) {
		case 100: { // Tversion
			uint32_t msize = m.Get<uint32_t>();
			b.Put<uint32_t>(std::min<uint32_t>(msize, 8192));
			b.Str(m.Str());
			return 0;
		}
		case 104: { // Tattach
			uint32_t fid = m.Get<uint32_t>();
			fids_[fid].path = root_;
			if (Stat(root_, &st))
				return errno;
			b.Qid(st);
			return 0;
		}
		case 110: { // Twalk
			uint32_t fid = m.Get<uint32_t>(),
				 nfid = m.Get<uint32_t>();
			uint16_t n = m.Get<uint16_t>();
			if (!(f = Get(fid)))
				return EBADF;
			std::string path = f->path;
			b.Put<uint16_t>(n);
			for (uint16_t i = 0; i < n; i++) {
				std::string name = m.Str();
				if (name == "..")
					path = path == root_ ?
						       path :
						       path.substr(
							       0,
							       path.rfind('/'));
				else
					path += "/" + name;
				if (Stat(path, &st))
					return ENOENT;
				b.Qid(st);
			}
			fids_[nfid].path = path;
			return 0;
		}
		case 120: // Tclunk
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			Close(*f);
			fids_.erase(FindFid(f));
			return 0;
		case 12: { // Tlopen
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			uint32_t flags = m.Get<uint32_t>();
			if (flags & 0200000) {
				f->dir = opendir(f->path.c_str());
				if (!f->dir)
					return errno;
			} else {
				f->fd = open(f->path.c_str(), flags & 3);
				if (f->fd < 0)
					return errno;
			}
			if (Stat(f->path, &st))
				return errno;
			b.Qid(st);
			b.Put<uint32_t>(0);
			return 0;
		}
		case 14: { // Tlcreate
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			std::string path = f->path + "/" + m.Str();
			uint32_t flags = m.Get<uint32_t>(),
				 mode = m.Get<uint32_t>();
			int fd = open(path.c_str(),
				      (flags & 3) | O_CREAT |
					      ((flags & 0200) ? O_EXCL : 0),
				      mode);
			if (fd < 0)
				return errno;
			f->path = path;
			f->fd = fd;
			fstat(fd, &st);
			b.Qid(st);
			b.Put<uint32_t>(0);
			return 0;
		}
		case 72: // Tmkdir
		case 16: { // Tsymlink
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			std::string path = f->path + "/" + m.Str();
			if (type == 72 ?
				    mkdir(path.c_str(), m.Get<uint32_t>()) :
				    symlink(m.Str().c_str(), path.c_str()))
				return errno;
			Stat(path, &st);
			b.Qid(st);
			return 0;
		}
		case 70: { // Tlink
			Fid *d = Get(m.Get<uint32_t>());
			if (!d || !(f = Get(m.Get<uint32_t>())))
				return EBADF;
			if (link(f->path.c_str(),
				 (d->path + "/" + m.Str()).c_str()))
				return errno;
			return 0;
		}
		case 76: { // Tunlinkat
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			std::string path = f->path + "/" + m.Str();
			int r = m.Get<uint32_t>() & 0x200 ?
					rmdir(path.c_str()) :
					unlink(path.c_str());
			return r ? errno : 0;
		}
		case 74: { // Trenameat
			Fid *od = Get(m.Get<uint32_t>());
			std::string on = m.Str();
			Fid *nd = Get(m.Get<uint32_t>());
			std::string nn = m.Str();
			if (!od || !nd)
				return EBADF;
			if (rename((od->path + "/" + on).c_str(),
				   (nd->path + "/" + nn).c_str()))
				return errno;
			return 0;
		}
		case 24: // Tgetattr
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			if (Stat(f->path, &st))
				return errno;
			b.Put<uint64_t>(0x7ff);
			b.Qid(st);
			b.Put<uint32_t>(st.st_mode);
			b.Put<uint32_t>(st.st_uid);
			b.Put<uint32_t>(st.st_gid);
			b.Put<uint64_t>(st.st_nlink);
			b.Put<uint64_t>(st.st_rdev);
			b.Put<uint64_t>(st.st_size);
			b.Put<uint64_t>(st.st_blksize);
			b.Put<uint64_t>(st.st_blocks);
			b.Put<uint64_t>(st.st_atim.tv_sec);
			b.Put<uint64_t>(st.st_atim.tv_nsec);
			b.Put<uint64_t>(st.st_mtim.tv_sec);
			b.Put<uint64_t>(st.st_mtim.tv_nsec);
			b.Put<uint64_t>(st.st_ctim.tv_sec);
			b.Put<uint64_t>(st.st_ctim.tv_nsec);
			for (int i = 0; i < 4; i++)
				b.Put<uint64_t>(0);
			return 0;
		case 26: { // Tsetattr
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			uint32_t valid = m.Get<uint32_t>(),
				 mode = m.Get<uint32_t>();
			m.Get<uint32_t>();
			m.Get<uint32_t>();
			uint64_t size = m.Get<uint64_t>();
			struct timespec ts[2];
			ts[0].tv_sec = (time_t)m.Get<uint64_t>();
			ts[0].tv_nsec = (long)m.Get<uint64_t>();
			ts[1].tv_sec = (time_t)m.Get<uint64_t>();
			ts[1].tv_nsec = (long)m.Get<uint64_t>();
			if ((valid & 1) && chmod(f->path.c_str(), mode))
				return errno;
			if ((valid & 8) && truncate(f->path.c_str(), size))
				return errno;
			if ((valid & 0x30) &&
			    utimensat(AT_FDCWD, f->path.c_str(), ts, 0))
				return errno;
			return 0;
		}
		case 116: // Tread
		case 118: { // Twrite
			if (!(f = Get(m.Get<uint32_t>())) || f->fd < 0)
				return EBADF;
			off_t off = (off_t)m.Get<uint64_t>();
			uint32_t n = m.Get<uint32_t>();
			std::string data(n, '\0');
			ssize_t r = type == 116 ?
					    pread(f->fd, &data[0], n, off) :
					    pwrite(f->fd, m.p,
						   std::min<size_t>(n, m.left),
						   off);
			if (r < 0)
				return errno;
			b.Put<uint32_t>((uint32_t)r);
			if (type == 116)
				b.s.append(data, 0, (size_t)r);
			return 0;
		}
		case 22: { // Treadlink
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			char buf[4096];
			ssize_t n = readlink(f->path.c_str(), buf, sizeof(buf));
			if (n < 0)
				return errno;
			b.Str(std::string(buf, (size_t)n));
			return 0;
		}
		case 40: { // Treaddir
			if (!(f = Get(m.Get<uint32_t>())) || !f->dir)
				return EBADF;
			uint64_t off = m.Get<uint64_t>();
			uint32_t count = m.Get<uint32_t>();
			Out e;
			seekdir(f->dir, (long)off);
			for (;;) {
				long pos = telldir(f->dir);
				struct dirent *d = readdir(f->dir);
				if (!d)
					break;
				Out one;
				Stat(f->path + "/" + d->d_name, &st);
				one.Qid(st);
				one.Put<uint64_t>((uint64_t)telldir(f->dir));
				one.Put<uint8_t>(d->d_type);
				one.Str(d->d_name);
				if (e.s.size() + one.s.size() > count) {
					seekdir(f->dir, pos);
					break;
				}
				e.s += one.s;
			}
			b.Put<uint32_t>((uint32_t)e.s.size());
			b.s += e.s;
			return 0;
		}
		case 8: { // Tstatfs
			struct statfs sf;
			if (!(f = Get(m.Get<uint32_t>())))
				return EBADF;
			statfs(f->path.c_str(), &sf);
			b.Put<uint32_t>(0x01021997);
			b.Put<uint32_t>((uint32_t)sf.f_bsize);
			b.Put<uint64_t>(sf.f_blocks);
			b.Put<uint64_t>(sf.f_bfree);
			b.Put<uint64_t>(sf.f_bavail);
			b.Put<uint64_t>(sf.f_files);
			b.Put<uint64_t>(sf.f_ffree);
			b.Put<uint64_t>(0);
			b.Put<uint32_t>(255);
			return 0;
		}
		default:
			return EOPNOTSUPP;
		}
	}

	uint32_t FindFid(Fid *f)
	{
		for (auto &kv : fids_)
			if (&kv.second == f)
				return kv.first;
		return 0;
	}

	// The transport, with the way back to its server.
	struct Link : uk_9p_transport {
		Fake9p *server;
	};

	Link t_;
	std::string root_;
	std::map<uint32_t, Fid> fids_;
};

#endif // TESTS_HOST_VFS_FAKE9P_H
