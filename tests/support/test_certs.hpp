#pragma once
// Certificates made at test time with OpenSSL (P-256 keys, SHA-256): a CA and
// the certificates it issues, valid or not, and self-signed ones. PEM text.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace throng::test {

struct KeyAndCert {
    std::string key_pem;
    std::string cert_pem;
};

class TestCertificates {
public:
    // Who a certificate is for, and when it is valid (days from now).
    struct Subject {
        std::string common_name = "localhost";
        std::string alt_names = "DNS:localhost,IP:127.0.0.1";  // X.509 subjectAltName syntax
        long valid_from_days = -1;
        long valid_until_days = 30;
        bool client = false;  // for a client (mutual TLS) rather than a server
    };

    explicit TestCertificates(const std::string& ca_name = "throng test CA") : ca_key_(new_key()) {
        ca_ = new_cert(ca_name, ca_key_.get(), -1, 365);
        X509_set_issuer_name(ca_.get(), X509_get_subject_name(ca_.get()));
        add_extension(ca_.get(), ca_.get(), NID_basic_constraints, "critical,CA:TRUE");
        add_extension(ca_.get(), ca_.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
        sign(ca_.get(), ca_key_.get());
    }

    std::string ca_pem() const { return cert_pem(ca_.get()); }

    // A certificate the CA issues.
    KeyAndCert issue(const Subject& subject) const { return make(subject, ca_.get(), ca_key_.get()); }
    // One signed by its own key.
    static KeyAndCert self_signed(const Subject& subject) { return make(subject, nullptr, nullptr); }

private:
    using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
    using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

    static Key new_key() {
        Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
        if (!key) throw std::runtime_error("test certificates: no key");
        return key;
    }

    static Cert new_cert(const std::string& common_name, EVP_PKEY* key, long from_days, long until_days) {
        Cert cert(X509_new(), X509_free);
        X509_set_version(cert.get(), 2);
        static long serial = 1;
        ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
        X509_gmtime_adj(X509_getm_notBefore(cert.get()), from_days * 86400);
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), until_days * 86400);
        X509_set_pubkey(cert.get(), key);
        X509_NAME* name = X509_get_subject_name(cert.get());
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
        return cert;
    }

    static void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
        if (ext == nullptr) throw std::runtime_error("test certificates: bad extension " + value);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }

    static void sign(X509* cert, EVP_PKEY* key) {
        if (X509_sign(cert, key, EVP_sha256()) == 0) throw std::runtime_error("test certificates: cannot sign");
    }

    static KeyAndCert make(const Subject& subject, X509* issuer, EVP_PKEY* issuer_key) {
        Key key = new_key();
        Cert cert = new_cert(subject.common_name, key.get(), subject.valid_from_days, subject.valid_until_days);
        X509* signer = issuer != nullptr ? issuer : cert.get();
        X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert.get(), signer, NID_ext_key_usage, subject.client ? "clientAuth" : "serverAuth");
        if (!subject.alt_names.empty()) add_extension(cert.get(), signer, NID_subject_alt_name, subject.alt_names);
        sign(cert.get(), issuer_key != nullptr ? issuer_key : key.get());
        return {key_pem(key.get()), cert_pem(cert.get())};
    }

    static std::string drain(BIO* bio) {
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        std::string text(data, static_cast<std::size_t>(size));
        BIO_free(bio);
        return text;
    }
    static std::string cert_pem(X509* cert) {
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_X509(bio, cert);
        return drain(bio);
    }
    static std::string key_pem(EVP_PKEY* key) {
        BIO* bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
        return drain(bio);
    }

    Key ca_key_;
    Cert ca_{nullptr, X509_free};
};

}  // namespace throng::test
