package io.trackline.exception;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Who did what to a case, and when. */
@Entity
@Table(name = "case_history")
public class CaseHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "case_id")
    public UUID caseId;
    public String action;
    public String actor;
    public String note;
    public Instant at;

    public static void record(UUID caseId, String action, String actor, String note, Instant at) {
        CaseHistory entry = new CaseHistory();
        entry.caseId = caseId;
        entry.action = action;
        entry.actor = actor;
        entry.note = note;
        entry.at = at;
        entry.persist();
    }

    public static List<CaseHistory> of(UUID caseId) {
        return list("caseId = ?1 order by at, id", caseId);
    }
}
